/**
 * One file's bytes parsed on the calling thread into a segment of its own (for hosts that read
 * files themselves, e.g. through VS Code's file system API). A file is all or nothing: one that
 * fails halfway throws and leaves nothing behind, and its event ids are claimed only when its
 * segment is merged, so a failed file can never suppress another file's rows.
 */
import { loadUsageBytes } from '../sources/files/load';
import { type LoadOptions } from '../sources/files/report';
import { DEFAULT_SOURCE, type StoreSource } from '../store';
import { StoreBuilder } from '../storeBuilder';
import { mergeSegments, settleReport } from './merge';
import { beginSegment, takeSegment, type UsageSegment } from './segment';

export function loadBytesSegment(bytes: Uint8Array, name: string, options: LoadOptions = {}, source: StoreSource = DEFAULT_SOURCE): UsageSegment {
  const builder = new StoreBuilder();
  beginSegment(builder, source);
  const report = loadUsageBytes(bytes, name, builder, options);
  return takeSegment(builder, report, { file: name, start: 0, end: bytes.length, lines: 0 });
}

/**
 * Merges the segments of the files that loaded (in order: the first occurrence of an id wins) and
 * gives each file's report with the rows it lost to ids of earlier files counted as duplicates.
 */
export function mergeLoadedSegments(segments: readonly UsageSegment[]): ReturnType<typeof mergeSegments> {
  const merged = mergeSegments(segments);
  segments.forEach((segment, i) => settleReport(segment.report, merged.crossDuplicates[i], merged.overModelLimit[i]));
  return merged;
}
