// Preloaded into the CLI by bench/sql.ts: reports the process's peak resident set size on exit.
process.on('exit', () => {
  process.stderr.write(`\nbench-maxrss-kib ${process.resourceUsage().maxRSS}\n`);
});
