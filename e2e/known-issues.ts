// Tests an app is known to fail, as data: the suite skips them for that project and reports
// the reason. The specs never branch on the app. Target: empty.

export interface KnownIssue {
  /** Project name from apps.ts. */
  app: string;
  /** The test's describe blocks and title, e.g. ["chat", "older messages load on scroll"]. */
  test: readonly string[];
  /** Why it fails, shown in the report. */
  reason: string;
}

export const knownIssues: readonly KnownIssue[] = [];

export function knownIssueFor(app: string, titlePath: readonly string[]): KnownIssue | undefined {
  return knownIssues.find(
    (issue) =>
      issue.app === app &&
      issue.test.length === titlePath.length &&
      issue.test.every((part, i) => part === titlePath[i]),
  );
}
