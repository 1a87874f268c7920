// The console's naming conventions, declared once: the lag stage and the client must read names the same way.

/** Consoles since 2019 list system topics as `%SYS%name`; dashboards >= 2.0 list system groups the same way. */
export const SYS_MARK = '%SYS%';

/** A group name as the per-group endpoints want it: without the `%SYS%` marker dashboards add in groupList. */
export function rawGroupName(listed: string): string {
  return listed.startsWith(SYS_MARK) ? listed.slice(SYS_MARK.length) : listed;
}
