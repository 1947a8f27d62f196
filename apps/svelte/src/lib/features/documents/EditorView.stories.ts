// Documents/EditorView: this app's EditorView bound to the stories written once in @rooms/stories.
import type { Meta } from "@storybook/sveltekit";
import * as stories from "@rooms/stories/documents/EditorView";
import EditorView from "./EditorView.svelte";

// prettier-ignore
export default { title: "Documents/EditorView", component: EditorView, args: stories.args } satisfies Meta<typeof EditorView>;
// prettier-ignore
export const Default = stories.Default, Loading = stories.Loading, Saving = stories.Saving, Offline = stories.Offline, Locked = stories.Locked, LockedByMe = stories.LockedByMe, WithPresence = stories.WithPresence, Error = stories.Error;
