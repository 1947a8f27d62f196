// Lobby/RoomCard: this app's RoomCard bound to the stories written once in @rooms/stories.
import type { Meta } from "@storybook/sveltekit";
import * as stories from "@rooms/stories/lobby/RoomCard";
import RoomCard from "./RoomCard.svelte";

// prettier-ignore
export default { title: "Lobby/RoomCard", component: RoomCard, args: stories.args } satisfies Meta<typeof RoomCard>;
// prettier-ignore
export const Default = stories.Default, Joinable = stories.Joinable, Private = stories.Private, Full = stories.Full, Joining = stories.Joining, Error = stories.Error;
