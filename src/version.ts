// Kept equal to package.json's version by a test, so the bundled image needs no package.json.
export const VERSION = '0.1.0';
