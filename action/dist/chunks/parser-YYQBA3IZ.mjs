import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{a}from"./chunk-3BJGDJ54.mjs";import"./chunk-GYIDNV2R.mjs";import"./chunk-XX4MGILW.mjs";import"./chunk-OLZSMI46.mjs";import"./chunk-HMMHKQJE.mjs";import"./chunk-HP7FVNGD.mjs";import"./chunk-B7GZK433.mjs";export{a as buildParser};
