import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r,t as s}from"./chunk-OSV4ALJ6.mjs";import"./chunk-B7GZK433.mjs";s();export{h as Hooks,d as Lexer,i as Marked,g as Parser,e as Renderer,f as TextRenderer,c as Tokenizer,b as defaults,a as getDefaults,r as lexer,j as marked,l as options,p as parse,o as parseInline,q as parser,m as setOptions,k as use,n as walkTokens};
