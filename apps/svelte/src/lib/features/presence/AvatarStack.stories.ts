// Presence/AvatarStack: this app's AvatarStack bound to the stories written once in @rooms/stories.
import type { Meta } from "@storybook/sveltekit";
import * as stories from "@rooms/stories/presence/AvatarStack";
import AvatarStack from "./AvatarStack.svelte";

// prettier-ignore
export default { title: "Presence/AvatarStack", component: AvatarStack, args: stories.args } satisfies Meta<typeof AvatarStack>;
// prettier-ignore
export const Default = stories.Default, WithPresence = stories.WithPresence, Empty = stories.Empty, Loading = stories.Loading, Open = stories.Open;
