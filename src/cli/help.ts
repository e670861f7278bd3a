/** The CLI's --help text. */
import { RANGE_PRESETS } from '../core/time';

export const HELP = `usage-explorer: AI workspace usage and spend, from the same engine as the VS Code extension.

Usage:
  usage-explorer report [--source demo|openai|anthropic|claude-code|codex...] [--input FILE...
                        | --source postgres --table T] [--range R] [--tz ZONE] [--format text|json]
                        [--budgets FILE] [--teams FILE]
  usage-explorer export --by worker|user|model|team|day|event [--source demo|openai|anthropic|claude-code|codex...]
                        [--input FILE... | --source postgres --table T] [--range R] [--tz ZONE]
                        [--filter worker=ID|user=ID|model=ID|team=NAME] [--teams FILE]
                        [--format csv|json] [--out FILE]

Options:
  --input FILE     a usage file (.csv, .json, .ndjson); repeat for several. Default: demo data
  --source demo    the built-in demo workspace; with --input, shown together in one view
  --source openai  an OpenAI organisation's usage and bill (OPENAI_ADMIN_KEY, USAGE_EXPLORER_OPENAI_BASE_URL)
  --source anthropic  an Anthropic organisation's (ANTHROPIC_ADMIN_KEY, USAGE_EXPLORER_ANTHROPIC_BASE_URL)
  --cache DIR      keep the providers' fetched days in DIR; later runs fetch only the last two days and new ones
  --source claude-code  this machine's Claude Code logs (CLAUDE_CONFIG_DIR, else ~/.claude and ~/.config/claude)
  --source codex   this machine's Codex CLI logs (CODEX_HOME, else ~/.codex); spend is estimated at list prices
  --user NAME      who agent-log requests are counted for (default: git config user.email, else the OS user)
  --history DIR    keep the agent-log requests seen in DIR, so they outlive the logs (Claude Code deletes old ones)
  --overlap MODE   agent logs given with the organisation that bills them: bill (default: the bill counts, the logs
                   are left out), logs (the logs count, the bill is left out) or both (both count)
  --source postgres  a PostgreSQL table or view, aggregated in the database; connects with
                   --connection URL or the PG* environment (PGHOST, PGPORT, PGUSER, PGPASSWORD,
                   PGDATABASE, PGSSLMODE)
  --table NAME     the table or view of usage events (name or schema.name)
  --map F=COLUMN   a column not named as in usage files, e.g. --map cost=amount_usd; repeatable
  --rollup NAME    a daily rollup table or materialized view, used for ranges in --rollup-tz (UTC)
  --statement-timeout S  seconds a statement may run (default 30)
  --max-events N   most events an events export reads from the database (default 100000)
  --range R        ${RANGE_PRESETS.map((p) => p.id).join(', ')}, or YYYY-MM-DD..YYYY-MM-DD (default 30d)
  --tz ZONE        UTC (default), local, or an IANA zone such as Europe/Berlin
  --currency CODE  the workspace currency for display (default USD)
  --now ISO        the instant taken as "now": presets, forecast and partial days (reproducible output)
  --teams FILE     JSON mapping of teams to user and worker patterns, as usageExplorer.teams
  --budgets FILE   JSON list of monthly budgets, as usageExplorer.budgets (report)
  --help           this text

Exit codes: 0 success, 1 usage error, 2 data error.
`;
