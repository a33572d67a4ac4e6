import { z } from 'zod';

// The pages' CSP (proxy.ts) forbids eval: without this, zod probes `new Function` on its first
// object parse, and the browser reports the refused probe as a CSP violation. Measured on the
// editor's compile of a 1,000-node flow, zod without its eval-compiled parsers is no slower.
z.config({ jitless: true });
