/** The sample merchant server's URL, set by vite.config.ts from the sandbox's ports. */
declare const __MERCHANT_URL__: string;
