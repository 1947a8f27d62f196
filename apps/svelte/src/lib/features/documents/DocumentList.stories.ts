// Documents/DocumentList: this app's DocumentList bound to the stories written once in @rooms/stories.
import type { Meta } from "@storybook/sveltekit";
import * as stories from "@rooms/stories/documents/DocumentList";
import DocumentList from "./DocumentList.svelte";

// prettier-ignore
export default { title: "Documents/DocumentList", component: DocumentList, args: stories.args } satisfies Meta<typeof DocumentList>;
// prettier-ignore
export const Default = stories.Default, Selected = stories.Selected, Loading = stories.Loading, Empty = stories.Empty, Creating = stories.Creating, Error = stories.Error;
