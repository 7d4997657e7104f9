/** What the router gives a view: where to draw, where to leave its live streams' stoppers, how to draw the page again. */
export interface ViewContext {
  app: HTMLElement;
  /** Called when the view is left (closes its live streams). */
  stops: (() => void)[];
  /** Draws the current view again from scratch. */
  redraw: () => void;
}
