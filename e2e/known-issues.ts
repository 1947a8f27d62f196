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

export const knownIssues: readonly KnownIssue[] = [
  {
    app: "svelte",
    test: ["rooms", "a malformed room id shows the room error"],
    reason:
      "A malformed room id shows “Could not load the room.” instead of E(ROOM_NOT_FOUND) (APP_SPEC § Entering).",
  },
  {
    app: "svelte",
    test: ["rooms", "when the owner deletes the room, B's view shows it was deleted"],
    reason:
      "Other members keep the room view with an alert instead of switching to room-error (APP_SPEC § Header, room-delete).",
  },
  {
    app: "vue",
    test: ["rooms", "a malformed room id shows the room error"],
    reason:
      "A malformed room id shows “Could not load the room.” instead of E(ROOM_NOT_FOUND) (APP_SPEC § Entering).",
  },
  {
    app: "vue",
    test: ["rooms", "when the owner deletes the room, B's view shows it was deleted"],
    reason:
      "Other members keep the room view with an alert instead of switching to room-error (APP_SPEC § Header, room-delete).",
  },
];

export function knownIssueFor(app: string, titlePath: readonly string[]): KnownIssue | undefined {
  return knownIssues.find(
    (issue) =>
      issue.app === app &&
      issue.test.length === titlePath.length &&
      issue.test.every((part, i) => part === titlePath[i]),
  );
}
