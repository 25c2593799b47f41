import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{a as b}from"./chunk-GB2K6G3C.mjs";import{a}from"./chunk-65CDQU4K.mjs";import"./chunk-II5JLRCH.mjs";import"./chunk-S2GDLPOV.mjs";import"./chunk-GV3YCM4H.mjs";import"./chunk-HMMHKQJE.mjs";import"./chunk-B7GZK433.mjs";export{a as ExitCode,b as run};
