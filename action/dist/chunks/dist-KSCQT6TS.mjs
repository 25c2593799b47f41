import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{a,b,c,d,e,f,g,h,i,j,l as k}from"./chunk-ORKOEEJ3.mjs";import"./chunk-CPPVXVAE.mjs";import"./chunk-B7GZK433.mjs";k();export{e as DefaultHandler,e as DomHandler,g as DomUtils,d as ElementType,c as Parser,a as QuoteType,b as Tokenizer,i as createDocumentStream,f as getFeed,h as parseDocument,j as parseFeed};
