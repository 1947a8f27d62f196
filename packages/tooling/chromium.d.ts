/** The Chromium binary: $CHROMIUM_PATH, else Debian's `/usr/bin/chromium`. */
export declare const chromiumPath: string;
/** Flags for a headless run in a container, closed to outside hosts. */
export declare const chromiumArgs: string[];
