import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import"./chunk-B7GZK433.mjs";function r(e){return JSON.stringify(e,null,2)+`
`}export{r as formatCheckJson};
