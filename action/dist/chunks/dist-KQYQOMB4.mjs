import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{b as a,c as b,d as c,e as d,f as e,h as f,i as g,j as h,k as i,l as j,n as k}from"./chunk-TIZGI7IT.mjs";import"./chunk-B7GZK433.mjs";k();export{e as DefaultHandler,e as DomHandler,g as DomUtils,d as ElementType,c as Parser,a as QuoteType,b as Tokenizer,i as createDocumentStream,f as getFeed,h as parseDocument,j as parseFeed};
