import { describe, expect, it } from 'vitest';
import { placePopup } from './popupPlacement';

const viewport = { width: 640, height: 400 };
const size = { width: 200, height: 150 };

describe('placePopup', () => {
  it("goes below its anchor, its start edge on the anchor's, when it fits", () => {
    expect(placePopup({ top: 50, bottom: 80, left: 100, right: 130 }, size, viewport)).toEqual({ top: 84, left: 100 });
  });

  it('goes above when there is no room below, and lines up its end edge when asked', () => {
    expect(placePopup({ top: 300, bottom: 330, left: 400, right: 430 }, size, viewport, 'below', 'end')).toEqual({
      top: 146,
      left: 230,
    });
    expect(placePopup({ top: 300, bottom: 330, left: 400, right: 430 }, size, viewport, 'above')).toEqual({
      top: 146,
      left: 400,
    });
  });

  it('stays inside the window, whatever the anchor', () => {
    expect(placePopup({ top: 390, bottom: 390, left: 630, right: 630 }, size, viewport)).toEqual({
      top: 236,
      left: 432,
    });
    // Larger than the window: from its top left corner (less the margin).
    expect(placePopup({ top: 10, bottom: 20, left: 10, right: 20 }, { width: 700, height: 500 }, viewport)).toEqual({
      top: 8,
      left: 8,
    });
  });
});
