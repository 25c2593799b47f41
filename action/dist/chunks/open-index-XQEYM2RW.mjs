import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{a,b}from"./chunk-CZ3YOZYQ.mjs";import"./chunk-B7UQYFTO.mjs";import"./chunk-S2GDLPOV.mjs";import"./chunk-GV3YCM4H.mjs";import"./chunk-HMMHKQJE.mjs";import"./chunk-B7GZK433.mjs";export{b as migrateIndex,a as openIndex};
