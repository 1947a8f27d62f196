// Presence/MemberList: this app's MemberList bound to the stories written once in @rooms/stories.
import type { Meta } from "@storybook/sveltekit";
import * as stories from "@rooms/stories/presence/MemberList";
import MemberList from "./MemberList.svelte";

// prettier-ignore
export default { title: "Presence/MemberList", component: MemberList, args: stories.args } satisfies Meta<typeof MemberList>;
// prettier-ignore
export const Default = stories.Default, WithPresence = stories.WithPresence, Empty = stories.Empty;
