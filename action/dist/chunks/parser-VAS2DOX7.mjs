import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{a}from"./chunk-7IFF7DE5.mjs";import"./chunk-GYIDNV2R.mjs";import"./chunk-E55ZE3FP.mjs";import"./chunk-OLZSMI46.mjs";import"./chunk-HMMHKQJE.mjs";import"./chunk-HP7FVNGD.mjs";import"./chunk-B7GZK433.mjs";export{a as buildParser};
