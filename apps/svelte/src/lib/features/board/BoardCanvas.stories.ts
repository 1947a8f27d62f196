// Board/BoardCanvas: this app's BoardCanvas bound to the stories written once in @rooms/stories.
import type { Meta } from "@storybook/sveltekit";
import * as stories from "@rooms/stories/board/BoardCanvas";
import BoardCanvas from "./BoardCanvas.svelte";

// prettier-ignore
export default { title: "Board/BoardCanvas", component: BoardCanvas, args: stories.args, parameters: stories.parameters } satisfies Meta<typeof BoardCanvas>;
// prettier-ignore
export const Empty = stories.Empty, EveryKind = stories.EveryKind, ThousandShapes = stories.ThousandShapes, Selected = stories.Selected, RemoteSelectionsAndDrafts = stories.RemoteSelectionsAndDrafts, ReadOnly = stories.ReadOnly, EditingNote = stories.EditingNote, Drawing = stories.Drawing;
