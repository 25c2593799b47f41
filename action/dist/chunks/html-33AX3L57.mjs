import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{d as a,e as b,f as c,g as d}from"./chunk-UTQ4CL2E.mjs";import"./chunk-UWRK6LYE.mjs";import"./chunk-VMDIIP7I.mjs";import"./chunk-WFMBEOJ5.mjs";import"./chunk-ACA4NX5R.mjs";import"./chunk-HM4UP6I3.mjs";import"./chunk-B7GZK433.mjs";export{b as HTML_PARTIALS_LIMIT,c as formatHtml,d as formatHtmlChunks,a as wordDiff};
