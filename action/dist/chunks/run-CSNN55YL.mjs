import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{a as b}from"./chunk-DSLOFANP.mjs";import{a}from"./chunk-65CDQU4K.mjs";import"./chunk-7COU6NT7.mjs";import"./chunk-S2GDLPOV.mjs";import"./chunk-GYIDNV2R.mjs";import"./chunk-GV3YCM4H.mjs";import"./chunk-HMMHKQJE.mjs";import"./chunk-HP7FVNGD.mjs";import"./chunk-B7GZK433.mjs";export{a as ExitCode,b as run};
