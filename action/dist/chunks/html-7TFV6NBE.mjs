import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{d as a,e as b,f as c}from"./chunk-VP3GEEUR.mjs";import"./chunk-M4Z64VTE.mjs";import"./chunk-EQ6NC3ZY.mjs";import"./chunk-S4T63F3A.mjs";import"./chunk-NTLFKJEW.mjs";import"./chunk-HUPYW2SI.mjs";import"./chunk-B7GZK433.mjs";export{b as formatHtml,c as formatHtmlChunks,a as wordDiff};
