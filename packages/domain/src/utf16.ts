// UTF-16 helpers. Every position in this package is a UTF-16 code-unit offset: the unit
// `String.prototype.length` counts and `HTMLTextAreaElement.selectionStart` reports. An astral
// character (most emoji) takes two units, a surrogate pair, and no position may fall between them.

/** True for a leading (high) surrogate, U+D800..U+DBFF. */
export function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/** True for a trailing (low) surrogate, U+DC00..U+DFFF. */
export function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** True when `pos` falls between the two halves of a surrogate pair of `text`. */
export function splitsSurrogatePair(text: string, pos: number): boolean {
  return (
    pos > 0 &&
    pos < text.length &&
    isHighSurrogate(text.charCodeAt(pos - 1)) &&
    isLowSurrogate(text.charCodeAt(pos))
  );
}

/**
 * Clamps `pos` into [0, text.length] (non-integers are floored) and, if it would split a
 * surrogate pair, moves it back to the start of that pair.
 */
export function snapToCodePoint(text: string, pos: number): number {
  const clamped = Math.min(Math.max(Number.isFinite(pos) ? Math.floor(pos) : 0, 0), text.length);
  return splitsSurrogatePair(text, clamped) ? clamped - 1 : clamped;
}

/** Index of the first unpaired surrogate in `text`, or -1 if the string is well-formed. */
export function findLoneSurrogate(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (isHighSurrogate(unit)) {
      if (i + 1 < text.length && isLowSurrogate(text.charCodeAt(i + 1))) {
        i++;
        continue;
      }
      return i;
    }
    if (isLowSurrogate(unit)) return i;
  }
  return -1;
}

/** True when `text` has no unpaired surrogate (`String.prototype.isWellFormed`, ES2024). */
export function isWellFormed(text: string): boolean {
  return findLoneSurrogate(text) === -1;
}
