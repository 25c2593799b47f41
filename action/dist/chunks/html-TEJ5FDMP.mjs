import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{d as a,e as b,f as c}from"./chunk-ZK3UVCCW.mjs";import"./chunk-Z32NYNS7.mjs";import"./chunk-CB22VKHY.mjs";import"./chunk-4ZAVDWWE.mjs";import"./chunk-B7GZK433.mjs";export{b as formatHtml,c as formatHtmlChunks,a as wordDiff};
