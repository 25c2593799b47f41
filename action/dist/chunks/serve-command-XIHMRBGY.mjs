import { createRequire as __dupgrafRequire } from 'node:module';
const require = __dupgrafRequire(import.meta.url);
import{a as _e,b as Fe,c as Y,d as De}from"./chunk-AIQZX75H.mjs";import{b as Re,c as Ee}from"./chunk-6RWLGC2F.mjs";import{a as Pe,d as Te}from"./chunk-YQBJYOFA.mjs";import{a as G,b as Ce,c as H,d as Oe,e as Ae,f as Ie,h as Le,i as je,j as $e}from"./chunk-4FALJBDI.mjs";import"./chunk-CQX5NIQQ.mjs";import"./chunk-ARVAMHJ6.mjs";import{e as xe}from"./chunk-XIPWEQB6.mjs";import{m as Se}from"./chunk-UBX7X7XA.mjs";import{b as r,f as U,g as ye,h as be,i as ve,j as we,k as ke,l as B}from"./chunk-MRVWWJCW.mjs";import"./chunk-NBXYRGM4.mjs";import{B as ge,R as L,o as he,q as me,t as fe}from"./chunk-EEDZX3VY.mjs";import{a as I,b as k}from"./chunk-HMMHKQJE.mjs";import{d as ue}from"./chunk-T7MSPTMI.mjs";import"./chunk-BGYEGZQQ.mjs";import{e as M}from"./chunk-WTD6FLEO.mjs";import"./chunk-D25SQHRY.mjs";import"./chunk-HUPYW2SI.mjs";import"./chunk-TIZGI7IT.mjs";import"./chunk-OSV4ALJ6.mjs";import"./chunk-B7GZK433.mjs";import tt from"node:fs";import R from"node:path";import{createHash as Et,timingSafeEqual as Pt}from"node:crypto";import Tt,{LogController as Ct}from"fastify";import{pino as ie}from"pino";var T={"malformed-json":{status:400,title:"The request body is not valid JSON"},unauthorized:{status:401,title:"A valid bearer token is required"},"writes-disabled":{status:403,title:"This server accepts no writes (no token configured)"},"not-found":{status:404,title:"No such resource"},"story-not-found":{status:404,title:"No story is stored under this id"},"method-not-allowed":{status:405,title:"Method not allowed"},"body-too-large":{status:413,title:"The request body is too large"},"too-many-paragraphs":{status:413,title:"The story has too many paragraphs"},"unsupported-media-type":{status:415,title:"The request body must be application/json"},"validation-failed":{status:422,title:"The request does not match the API’s schema"},"id-required":{status:422,title:"The story needs an id to be stored"},"unknown-desk":{status:422,title:"No policy is configured for this desk"},"too-few-words":{status:422,title:"The paragraph is too short to need an approval"},"shutting-down":{status:503,title:"The server is shutting down"},"archive-unavailable":{status:503,title:"The archive cannot be used right now"},internal:{status:500,title:"Internal error"}},u=class extends Error{code;status;errors;reason;constructor(e,s,a,o){super(s),this.name="ApiProblem",this.code=e,this.status=T[e].status,a&&(this.errors=a),o&&(this.reason=o)}};function Ne(t,e){return{type:`urn:dupgraf:problem:${t.code}`,title:T[t.code].title,status:t.status,detail:t.message,instance:e,code:t.code,...t.errors?{errors:t.errors}:{},...t.reason?{reason:t.reason}:{}}}var y=r.registry(),w=r.number().int().min(0),x=r.number().int().min(1).describe("1-based line"),j=r.number().min(0).max(1),ct=r.union([G,r.iso.datetime({offset:!0,error:"an ISO 8601 date-time with an offset"})]).describe("the story’s date: YYYY-MM-DD (midnight UTC) or an ISO 8601 date-time"),V=r.string().min(1).max(512).regex(/^[^\u0000-\u001f\u007f]+$/,"no control characters").describe("the story’s id in the archive (stories added by `dupgraf index add` are named by their path, or `file#record`)"),pt=r.string().min(1).max(100).describe("the desk whose policy applies (see the `serve.desks` config); default policy when absent"),$={date:ct.optional(),desk:pt.optional()},ze={text:r.string().min(1).describe("the story as one text: paragraphs separated by blank lines"),format:r.enum(["text","html","markdown"]).default("text").describe("how `text` is written (HTML: block elements are paragraphs)")},qe={headline:r.string().optional().describe("the headline (checked as the first paragraph)"),paragraphs:r.array(r.string()).min(1).describe("the paragraphs, in order")},lt=r.strictObject({...ze,id:V.optional(),...$}),ut=r.strictObject({...qe,id:V.optional(),...$}),W=r.union([lt,ut]).describe("a story to check: `text` (with `format`), or `headline` and `paragraphs`");y.add(W,{id:"CheckRequest"});var X=r.union([r.strictObject({...ze,...$}),r.strictObject({...qe,...$})]).describe("the story to store under the id of the path");y.add(X,{id:"StoryRequest"});var K=r.enum(["true","false"]).optional().transform(t=>t==="true"),Je=r.strictObject({add:K.describe("true: store the story (under its id) after checking it, in the same transaction"),diff:K.describe("true: a word diff against each finding’s closest source"),draft:K.describe("true: also return every paragraph of the story as read")}),_=r.strictObject({id:V}),ht=r.object({from:r.string().describe("as written in the source"),to:r.string().describe("as written in the story checked"),kind:r.enum(["number","date","name"])}),mt=r.object({op:r.enum(["=","-","+"]).describe("`=` kept, `-` only in the source, `+` only in the story"),text:r.string()}),ft=r.object({id:r.string().describe("the stored story the paragraph was copied from"),line:x,endLine:x,date:r.string().nullable().describe("the source story’s date (ISO 8601), null when unknown"),jaccard:j.describe("shingle Jaccard similarity (4 decimals)"),containment:j.describe("share of the checked paragraph’s shingles found in the source"),text:r.string().optional().describe("the source paragraph (closest source only)"),changedFacts:r.array(ht).optional().describe("numbers, dates and names changed from the source (closest source of a near copy)"),diff:r.array(mt).optional().describe("word diff source → story (closest source, with `?diff=true`)")}),gt=r.object({id:r.string(),owner:r.string(),reason:r.string(),expires:r.string().optional()}),yt=r.object({paragraph:r.number().int().min(1).describe("position in the story, 1-based"),line:x,endLine:x,words:w,text:r.string().describe("the paragraph, white space collapsed"),kind:r.enum(["duplicate","partial"]),status:r.enum(["counted","approved","suppressed"]).describe("counted against the policy, or excused (approved boilerplate, inline marker)"),fingerprint:r.string().describe("stable id of the finding (16 hex digits)"),sources:r.array(ft).min(1).describe("closest first"),origin:r.object({id:r.string(),line:x,date:r.string()}).nullable().describe("the earliest-dated source: where the paragraph first appeared in the archive"),approval:gt.optional().describe("the approval that excuses it")}),bt=r.object({rule:r.enum(["max-recycled-paragraphs","max-boilerplate-share"]),limit:r.number(),actual:r.number(),message:r.string()}),vt=r.object({maxBoilerplateShare:j.nullable(),maxRecycledParagraphs:w.nullable(),countPartials:r.boolean()}),Z=r.object({id:r.string().nullable().describe("the story’s id, null when none was given"),desk:r.string().nullable(),verdict:r.enum(["pass","fail"]).describe("the desk’s verdict: fail when a rule is broken"),policy:vt.describe("the limits applied (the desk’s, else the defaults)"),words:w.describe("word tokens in the story"),paragraphs:w.describe("paragraphs checked (at least min-words words)"),recycledParagraphs:w.describe("counted recycled paragraphs"),boilerplateShare:j.describe("words in counted recycled paragraphs / words"),violations:r.array(bt),findings:r.array(yt).describe("every recycled paragraph, by line"),draft:r.array(r.object({paragraph:r.number().int().min(1),line:x,endLine:x,text:r.string()})).optional().describe("with `?draft=true`: every paragraph of the story as read"),added:r.enum(["added","updated","unchanged"]).nullable().describe("with `?add=true`: what storing the story did; else null"),archiveStories:w.describe("stories in the archive when checked"),warnings:r.array(r.string()).describe("problems reading the story (it was still checked)")});y.add(Z,{id:"CheckResult"});var F=r.object({id:r.string(),outcome:r.enum(["added","updated","unchanged"]),paragraphs:w.describe("paragraphs stored (at least min-words words)")});y.add(F,{id:"StoryStored"});var Q=r.object({id:r.string(),date:r.string().describe("the story’s date (ISO 8601)"),added:r.string().describe("when it was stored (ISO 8601)"),words:w,paragraphs:r.array(r.object({paragraph:r.number().int().min(1),line:x,endLine:x,words:w,text:r.string()}))});y.add(Q,{id:"Story"});var ee=r.object({backend:r.string().describe("the archive’s backend, e.g. sqlite"),stories:w,paragraphs:w,oldest:r.string().nullable().describe("earliest story date (ISO 8601)"),newest:r.string().nullable(),settings:r.object({shingleSize:r.number().int(),minWords:r.number().int(),lowestThreshold:r.number(),threshold:r.number(),containment:r.number()}),approvals:w.describe("approved boilerplate entries stored with the archive"),desks:r.array(r.string()).describe("desks with a policy of their own"),limits:r.object({bodyBytes:r.number().int(),paragraphs:r.number().int()}),auth:r.object({writes:r.enum(["token","disabled"]).describe("writes need the bearer token, or are off"),reads:r.enum(["token","open"])})});y.add(ee,{id:"Stats"});var te=r.strictObject({text:r.string().min(1).describe("the paragraph to approve as boilerplate"),owner:r.string().trim().min(1).max(200).describe("who answers for the approval"),reason:r.string().trim().min(1).max(1e3).describe("why the paragraph may be reused"),expires:G.optional().describe("last day (UTC) the approval holds"),from:r.string().max(600).optional().describe("where it was approved from, e.g. a story id")});y.add(te,{id:"ApprovalRequest"});var Me=r.object({id:r.string().describe("from the normalized words of `text` (16 hex digits)"),text:r.string(),owner:r.string(),reason:r.string(),expires:r.string().optional(),added:r.string().optional(),from:r.string().optional()}),re=r.object({entry:Me,replaced:r.boolean().describe("true when an entry for the same words was replaced")});y.add(re,{id:"ApprovalStored"});var se=r.object({entries:r.array(Me)});y.add(se,{id:"Approvals"});var D=r.object({status:r.enum(["ok","ready"])});y.add(D,{id:"Health"});var wt=r.object({type:r.string().describe("a URI naming the problem: urn:dupgraf:problem:<code>"),title:r.string(),status:r.number().int().min(400).max(599),detail:r.string(),instance:r.string().describe("the request path"),code:r.string().describe("the API’s error code (stable; see docs/server.md)"),errors:r.array(r.object({pointer:r.string(),message:r.string()})).optional().describe("for validation-failed: each problem, with a JSON Pointer into the request"),reason:r.string().optional().describe("for archive-unavailable: the archive’s error code, e.g. INDEX_LOCKED, INDEX_DISK_FULL")});y.add(wt,{id:"Problem"});var N=[{method:"POST",path:"/v1/check",operationId:"checkStory",summary:"Check a story against the archive",description:"Finds each recycled paragraph of the story in the archive (sources with ids, lines, dates and texts, similarity, changed facts, origin, approvals) and gives the desk’s verdict. With `?add=true` the story is then stored under its id, in the same transaction.",tag:"check",access:t=>t.add===!0?"write":"read",query:Je,body:W,responses:{200:{description:"the check result",schema:Z}},problems:["too-many-paragraphs","id-required","unknown-desk","body-too-large"],async handler(t,{query:e,body:s}){let a=e;return{status:200,body:await t.check(s,a)}}},{method:"PUT",path:"/v1/stories/{id}",operationId:"putStory",summary:"Store a story (add it, or replace it: a correction)",tag:"stories",access:"write",params:_,body:X,responses:{200:{description:"stored (replaced, or unchanged)",schema:F},201:{description:"stored (new)",schema:F}},problems:["too-many-paragraphs","unknown-desk","body-too-large"],async handler(t,{params:e,body:s}){let a=await t.put(e.id,s);return{status:a.outcome==="added"?201:200,body:a}}},{method:"DELETE",path:"/v1/stories/{id}",operationId:"deleteStory",summary:"Remove a story (a kill)",tag:"stories",access:"write",params:_,responses:{204:{description:"removed"}},problems:["story-not-found"],async handler(t,{params:e}){return await t.remove(e.id),{status:204}}},{method:"GET",path:"/v1/stories/{id}",operationId:"getStory",summary:"A stored story and its stored paragraphs",tag:"stories",access:"read",params:_,responses:{200:{description:"the story",schema:Q}},problems:["story-not-found"],async handler(t,{params:e}){return{status:200,body:await t.story(e.id)}}},{method:"GET",path:"/v1/stats",operationId:"getStats",summary:"What the archive holds, its settings, the desks and the limits",tag:"service",access:"read",responses:{200:{description:"counts and settings",schema:ee}},problems:[],async handler(t){return{status:200,body:await t.stats()}}},{method:"POST",path:"/v1/approvals",operationId:"approveBoilerplate",summary:"Approve a paragraph as boilerplate (stored with the archive)",description:"A paragraph that is a near-duplicate of an approved one is reported as `approved`, not counted against the policy, until the approval expires. Approving the same words again replaces the entry.",tag:"approvals",access:"write",body:te,responses:{200:{description:"approved",schema:re}},problems:["too-few-words"],async handler(t,{body:e}){return{status:200,body:await t.approve(e)}}},{method:"GET",path:"/v1/approvals",operationId:"listApprovals",summary:"The approved boilerplate stored with the archive",tag:"approvals",access:"read",responses:{200:{description:"the entries",schema:se}},problems:[],async handler(t){return{status:200,body:{entries:await t.approvals()}}}},{method:"GET",path:"/healthz",operationId:"health",summary:"The process is up",tag:"service",access:"public",responses:{200:{description:"up",schema:D}},problems:[],async handler(){return{status:200,body:{status:"ok"}}}},{method:"GET",path:"/readyz",operationId:"ready",summary:"The archive answers and the server takes requests",tag:"service",access:"public",responses:{200:{description:"ready",schema:D}},problems:["archive-unavailable","shutting-down"],async handler(t){try{await t.store.ping()}catch(e){throw e instanceof I&&/^INDEX_/.test(e.code)?e:new u("archive-unavailable","the archive does not answer")}return{status:200,body:{status:"ready"}}}}];var ae=t=>`#/components/schemas/${t}`,kt=["malformed-json","unsupported-media-type","validation-failed","body-too-large"];function oe(t,e){let s=y.get(t)?.id;if(s)return{$ref:ae(s)};let a=r.toJSONSchema(t,{io:e,target:"draft-2020-12",unrepresentable:"any"});return delete a.$schema,a}function St(){let t={};for(let e of["input","output"]){let s=r.toJSONSchema(y,{io:e,target:"draft-2020-12",unrepresentable:"any",uri:ae}).schemas;for(let[a,o]of Object.entries(s)){let i=/Request$/.test(a);if(e==="input"!==i)continue;let n={...o};delete n.$schema,delete n.$id,t[a]=n}}return Object.fromEntries(Object.entries(t).sort(([e],[s])=>e<s?-1:1))}function Ue(t){let e=[];for(let[s,a]of[["path",t.params],["query",t.query]]){if(!a)continue;let o=oe(a,"input");for(let[i,n]of Object.entries(o.properties??{})){let{description:d,...l}=n;e.push({name:i,in:s,required:s==="path"||(o.required??[]).includes(i),...d?{description:d}:{},schema:l})}}return e}function xt(t){return{description:`problem: ${t.map(e=>`\`${e}\``).join(", ")}`,content:{"application/problem+json":{schema:{$ref:ae("Problem")}}}}}function Rt(t){let e={};for(let[i,n]of Object.entries(t.responses))e[i]=n.schema?{description:n.description,content:{"application/json":{schema:oe(n.schema,"output")}}}:{description:n.description};let s=new Set(t.problems);if(t.body)for(let i of kt)s.add(i);(t.params||t.query)&&s.add("validation-failed"),t.access!=="public"&&s.add("unauthorized"),(t.access==="write"||typeof t.access=="function")&&s.add("writes-disabled"),s.add("internal");let a=new Map;for(let i of[...s].sort())a.set(T[i].status,[...a.get(T[i].status)??[],i]);for(let[i,n]of[...a].sort((d,l)=>d[0]-l[0]))e[String(i)]=xt(n);let o=t.access==="public"?[]:t.access==="write"?[{bearer:[]}]:[{},{bearer:[]}];return{operationId:t.operationId,summary:t.summary,...t.description?{description:t.description}:{},tags:[t.tag],...Ue(t).length>0?{parameters:Ue(t)}:{},...t.body?{requestBody:{required:!0,content:{"application/json":{schema:oe(t.body,"input")}}}}:{},responses:e,security:o}}function Be(){let t={};for(let e of N)t[e.path]??={},t[e.path][e.method.toLowerCase()]=Rt(e);return{openapi:"3.1.0",info:{title:"dupgraf archive service",version:L.version,description:"Checks news copy for recycled paragraphs against an archive of stories (`dupgraf serve`). Errors are application/problem+json (RFC 9457) with a stable `code`.",license:{name:"MIT",identifier:"MIT"}},jsonSchemaDialect:"https://json-schema.org/draft/2020-12/schema",tags:[{name:"check",description:"checking stories"},{name:"stories",description:"the archive’s stories: store, correct, kill, show"},{name:"approvals",description:"approved boilerplate"},{name:"service",description:"health and statistics"}],paths:t,components:{schemas:St(),securitySchemes:{bearer:{type:"http",scheme:"bearer",description:"the token of `--token-file` or `DUPGRAF_TOKEN`"}}}}}var ne=`(function () {
'use strict';
var $ = function (id) { return document.getElementById(id); };
var draft = $('draft'), statusLine = $('status'), list = $('paragraphs'), verdict = $('verdict');
var timer = null, seq = 0, done = 0, last = null;

function el(tag, cls, text) {
  var e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}
function token() { return $('token').value.trim(); }
function api(method, url, body) {
  var headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token()) headers.Authorization = 'Bearer ' + token();
  return fetch(url, {
    method: method, headers: headers, cache: 'no-store', credentials: 'omit',
    body: body === undefined ? undefined : JSON.stringify(body)
  }).then(function (r) {
    return r.text().then(function (t) {
      var data = null;
      try { data = t ? JSON.parse(t) : null; } catch (e) { data = null; }
      if (!r.ok) {
        var err = new Error(data && data.detail ? data.detail : 'the server answered ' + r.status);
        err.problem = data;
        throw err;
      }
      return data;
    });
  });
}
function sniff(text) {
  if (/<(p|div|h[1-6]|article|section|br|li|blockquote)[\\s>\\/]/i.test(text)) return 'html';
  if (/^(#{1,6} |[-*+] |> |\\d+\\. )|\\*\\*[^*]+\\*\\*|\\[[^\\]]+\\]\\([^)]+\\)/m.test(text)) return 'markdown';
  return 'text';
}
function formatOfFile(name) {
  if (/\\.(html?|xhtml)$/i.test(name)) return 'html';
  if (/\\.(md|markdown)$/i.test(name)) return 'markdown';
  return 'text';
}
function pct(x) { return Math.round(x * 100) + '%'; }
function day(iso) { return iso ? iso.slice(0, 10) : 'date unknown'; }

function clear() {
  list.textContent = '';
  verdict.hidden = true;
  $('empty').hidden = false;
}

function check() {
  clearTimeout(timer);
  var text = draft.value;
  if (!text.trim()) { clear(); statusLine.textContent = ''; return; }
  var format = $('format').value;
  if (format === 'auto') format = sniff(text);
  var body = { text: text, format: format };
  if ($('desk').value) body.desk = $('desk').value;
  if ($('story-id').value.trim()) body.id = $('story-id').value.trim();
  var mine = ++seq;
  statusLine.textContent = 'checking…';
  api('POST', '/v1/check?diff=true&draft=true', body).then(function (r) {
    if (mine !== seq) return;
    last = r;
    render(r);
    statusLine.textContent = 'checked ' + r.paragraphs + ' paragraph' + (r.paragraphs === 1 ? '' : 's') +
      ' against ' + r.archiveStories.toLocaleString('en-US') + ' archived stories' +
      (format !== 'text' ? ' (read as ' + format + ')' : '');
    document.documentElement.setAttribute('data-checked', String(++done));
  }).catch(function (e) {
    if (mine !== seq) return;
    statusLine.textContent = e.message;
    document.documentElement.setAttribute('data-checked', String(++done));
  });
}
function later() { clearTimeout(timer); timer = setTimeout(check, 500); }

function renderVerdict(r) {
  verdict.textContent = '';
  verdict.hidden = false;
  verdict.className = r.verdict;
  var desk = r.desk ? 'desk ' + r.desk : 'default policy';
  var head = r.verdict === 'pass' ? 'Passes (' + desk + ')' : 'Fails (' + desk + ')';
  verdict.appendChild(el('div', '', head + ': ' + r.recycledParagraphs + ' recycled paragraph' +
    (r.recycledParagraphs === 1 ? '' : 's') + ', ' + pct(r.boilerplateShare) + ' of the words' +
    (r.policy.maxBoilerplateShare === null ? '' : ' (limit ' + pct(r.policy.maxBoilerplateShare) + ')')));
  if (r.violations.length > 0) {
    var ul = el('ul');
    r.violations.forEach(function (v) { ul.appendChild(el('li', '', v.message)); });
    verdict.appendChild(ul);
  }
}

function diffBlock(runs) {
  var d = el('div', 'diff');
  d.setAttribute('aria-label', 'changes from the closest source');
  runs.forEach(function (run) {
    d.appendChild(run.op === '=' ? document.createTextNode(run.text) : el(run.op === '+' ? 'ins' : 'del', '', run.text));
  });
  return d;
}

function approveForm(f, aside, button) {
  var form = el('form', 'approve');
  var reason = el('input'); reason.placeholder = 'why it may be reused (required)'; reason.required = true;
  reason.className = 'reason';
  var expires = el('input'); expires.type = 'date'; expires.className = 'expires';
  var go = el('button', '', 'Approve'); go.type = 'submit';
  var label1 = el('label', '', 'Reason'); label1.appendChild(reason);
  var label2 = el('label', '', 'Expires (optional)'); label2.appendChild(expires);
  form.appendChild(label1); form.appendChild(label2); form.appendChild(go);
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var owner = $('owner').value.trim();
    if (!owner) { statusLine.textContent = 'enter your name under Editor sign-in first'; return; }
    if (!reason.value.trim()) { reason.focus(); return; }
    var body = { text: f.text, owner: owner, reason: reason.value.trim() };
    if (expires.value) body.expires = expires.value;
    if (last && last.id) body.from = last.id;
    go.disabled = true;
    api('POST', '/v1/approvals', body).then(function (r) {
      statusLine.textContent = 'approved as boilerplate (' + r.entry.id + ')';
      check();
    }).catch(function (err) {
      go.disabled = false;
      statusLine.textContent = 'not approved: ' + err.message;
    });
  });
  aside.replaceChild(form, button);
  reason.focus();
}

function findingAside(f) {
  var aside = el('aside');
  var head = el('div');
  var label = f.status === 'counted' ? (f.kind === 'partial' ? 'partly reused' : 'recycled') : f.status;
  head.appendChild(el('span', 'badge', label));
  var first = f.sources[0];
  head.appendChild(document.createTextNode(pct(first.jaccard) + ' like ' + first.id + ' (' + day(first.date) + ')'));
  aside.appendChild(head);
  var ul = el('ul', 'sources');
  f.sources.slice(0, 5).forEach(function (s) {
    ul.appendChild(el('li', '', s.id + ':' + s.line + ' · ' + day(s.date) + ' · Jaccard ' + s.jaccard.toFixed(2) +
      ' · containment ' + s.containment.toFixed(2)));
  });
  if (f.sources.length > 5) ul.appendChild(el('li', 'muted', 'and ' + (f.sources.length - 5) + ' more'));
  aside.appendChild(ul);
  if (f.origin && f.origin.id !== first.id)
    aside.appendChild(el('div', 'small', 'first seen in ' + f.origin.id + ' (' + day(f.origin.date) + ')'));
  if (first.diff && first.text !== f.text) aside.appendChild(diffBlock(first.diff));
  if (first.changedFacts && first.changedFacts.length > 0) {
    var facts = el('ul', 'facts');
    facts.setAttribute('aria-label', 'changed facts');
    first.changedFacts.forEach(function (c) {
      facts.appendChild(el('li', '', c.kind + ' changed: ' + c.from + ' → ' + c.to));
    });
    aside.appendChild(facts);
  }
  if (f.approval) {
    aside.appendChild(el('div', 'small', 'approved by ' + f.approval.owner + ': ' + f.approval.reason +
      (f.approval.expires ? ' (until ' + f.approval.expires + ')' : '')));
  } else if (f.status === 'counted' && token()) {
    var button = el('button', 'secondary approve-button', 'Approve as boilerplate…');
    button.type = 'button';
    button.addEventListener('click', function () { approveForm(f, aside, button); });
    aside.appendChild(button);
  }
  return aside;
}

function render(r) {
  renderVerdict(r);
  list.textContent = '';
  $('empty').hidden = true;
  var byParagraph = {};
  r.findings.forEach(function (f) { byParagraph[f.paragraph] = f; });
  (r.draft || []).forEach(function (p) {
    var f = byParagraph[p.paragraph];
    var li = el('li', 'para');
    li.setAttribute('data-paragraph', String(p.paragraph));
    li.appendChild(el('p', '', p.text));
    if (f) {
      li.className = 'para ' + (f.status === 'counted' ? 'recycled' + (f.kind === 'partial' ? ' partial' : '') : f.status);
      li.appendChild(findingAside(f));
    }
    list.appendChild(li);
  });
}

function readFile(file) {
  var reader = new FileReader();
  reader.onload = function () {
    draft.value = String(reader.result);
    $('format').value = formatOfFile(file.name);
    check();
  };
  reader.readAsText(file);
}

draft.addEventListener('input', later);
$('check').addEventListener('click', check);
$('format').addEventListener('change', check);
$('desk').addEventListener('change', check);
var signedIn = false;
function onToken() {
  // Re-rendered only when approving becomes possible or impossible (an open form stays open).
  if (Boolean(token()) === signedIn) return;
  signedIn = Boolean(token());
  if (last) render(last);
}
$('token').addEventListener('input', onToken);
$('token').addEventListener('change', onToken);
draft.addEventListener('dragover', function (e) { e.preventDefault(); draft.classList.add('dragging'); });
draft.addEventListener('dragleave', function () { draft.classList.remove('dragging'); });
draft.addEventListener('drop', function (e) {
  e.preventDefault();
  draft.classList.remove('dragging');
  var dt = e.dataTransfer;
  if (dt.files && dt.files.length > 0) { readFile(dt.files[0]); return; }
  var html = dt.getData('text/html');
  if (html) { draft.value = html; $('format').value = 'html'; }
  else draft.value = dt.getData('text/plain');
  check();
});

api('GET', '/v1/stats').then(function (s) {
  $('archive').textContent = 'Archive: ' + s.stories.toLocaleString('en-US') + ' stories, ' +
    s.paragraphs.toLocaleString('en-US') + ' paragraphs · ' + s.approvals + ' approved boilerplate';
  s.desks.forEach(function (d) { var o = el('option', '', d); o.value = d; $('desk').appendChild(o); });
}).catch(function (e) {
  $('archive').textContent = 'Archive: ' + e.message + (e.problem && e.problem.code === 'unauthorized' ? ' (enter the token under Editor sign-in)' : '');
}).then(function () {
  document.documentElement.setAttribute('data-ready', 'true');
});
})();
`;var Ge="default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",He=`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dupgraf · check a draft</title>
<link rel="icon" href="/assets/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/editor.css">
<script src="/assets/editor.js" defer></script>
</head>
<body>
<header>
  <h1>dupgraf <span>check a draft against the archive</span></h1>
  <p id="archive" class="muted">connecting…</p>
</header>
<main>
  <section id="input" aria-label="draft">
    <div class="row">
      <label>Format <select id="format">
        <option value="auto">detect</option>
        <option value="text">plain text</option>
        <option value="markdown">Markdown</option>
        <option value="html">HTML</option>
      </select></label>
      <label>Desk <select id="desk"><option value="">default policy</option></select></label>
      <label>Story id <input id="story-id" placeholder="optional" size="14"></label>
    </div>
    <textarea id="draft" spellcheck="true" aria-label="draft text"
      placeholder="Paste or type a draft here, or drop a file (text, HTML or Markdown). Paragraphs are separated by blank lines."></textarea>
    <div class="row">
      <button id="check" type="button">Check</button>
      <span id="status" role="status" aria-live="polite"></span>
    </div>
    <details id="signin">
      <summary>Editor sign-in (to approve boilerplate)</summary>
      <div class="row">
        <label>Name <input id="owner" autocomplete="name" size="16"></label>
        <label>Token <input id="token" type="password" autocomplete="off" size="16"></label>
      </div>
      <p class="muted small">The token stays in this tab; it is sent only to this server.</p>
    </details>
  </section>
  <section id="result" aria-label="check result">
    <div id="verdict" hidden></div>
    <ol id="paragraphs"></ol>
    <p id="empty" class="muted">Recycled paragraphs will be highlighted here, with where they come from.</p>
  </section>
</main>
<noscript><p>This page needs JavaScript. The API is described at /v1/openapi.json.</p></noscript>
</body>
</html>
`,Ye=`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">
<rect x="3" y="4" width="18" height="22" rx="2" fill="#1f5fbf"/>
<rect x="11" y="8" width="18" height="22" rx="2" fill="#b3261e" fill-opacity=".85"/>
</svg>
`,Ke=`:root{--fg:#1d232b;--muted:#5c6670;--line:#d8dde3;--card:#f6f7f9;--bad:#b3261e;--bad-bg:#fdecea;
--ok:#1e6b35;--ok-bg:#e6f4ea;--warn-bg:#fff4d6;--accent:#1f5fbf;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg)}
*{box-sizing:border-box}
body{margin:0;background:#fff}
header{padding:.8rem 1.4rem;border-bottom:1px solid var(--line);display:flex;align-items:baseline;gap:1.5rem;flex-wrap:wrap}
h1{font-size:1.25rem;margin:0}
h1 span{font-weight:400;color:var(--muted);font-size:1rem;margin-left:.4rem}
main{display:grid;grid-template-columns:minmax(320px,2fr) 3fr;gap:1.4rem;padding:1rem 1.4rem}
@media (max-width:900px){main{grid-template-columns:1fr}}
.row{display:flex;gap:.8rem;align-items:center;flex-wrap:wrap;margin:.4rem 0}
label{font-size:.9rem;color:var(--muted)}
select,input{font:inherit;padding:.2rem .35rem;border:1px solid var(--line);border-radius:5px}
textarea{width:100%;min-height:26rem;font:inherit;padding:.7rem;border:1px solid var(--line);border-radius:8px;resize:vertical}
textarea.dragging{outline:3px dashed var(--accent)}
button{font:inherit;padding:.3rem .9rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}
button.secondary{background:#fff;color:var(--accent)}
button:disabled{opacity:.5;cursor:default}
.muted{color:var(--muted)}
.small{font-size:.85rem}
#verdict{padding:.7rem 1rem;border-radius:8px;margin-bottom:1rem;font-weight:600}
#verdict.pass{background:var(--ok-bg);color:var(--ok)}
#verdict.fail{background:var(--bad-bg);color:var(--bad)}
#verdict ul{margin:.3rem 0 0;padding-left:1.2rem;font-weight:400}
#paragraphs{list-style:none;margin:0;padding:0}
.para{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1rem;padding:.5rem .6rem;border-left:4px solid transparent;margin-bottom:.3rem}
.para p{margin:0}
.para.recycled{background:var(--bad-bg);border-left-color:var(--bad)}
.para.recycled.partial{background:var(--warn-bg);border-left-color:#c98a00}
.para.approved{background:var(--ok-bg);border-left-color:var(--ok)}
.para.suppressed{background:var(--card);border-left-color:#9aa4ad}
.para:not(.recycled):not(.approved):not(.suppressed){grid-template-columns:1fr}
aside{font-size:.88rem;border-left:1px solid var(--line);padding-left:.8rem}
aside .badge{display:inline-block;font-size:.75rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em;padding:0 .4rem;border-radius:4px;background:#fff;border:1px solid currentColor;margin-right:.4rem}
aside ul.sources{margin:.3rem 0;padding-left:1rem}
aside .diff{background:#fff;border:1px solid var(--line);border-radius:6px;padding:.35rem .5rem;margin:.35rem 0}
ins{background:#c8f0d2;text-decoration:none}
del{background:#f9c9c4}
ul.facts{margin:.3rem 0;padding-left:1rem;color:var(--bad)}
form.approve{display:grid;gap:.35rem;margin-top:.4rem;padding:.5rem;background:#fff;border:1px solid var(--line);border-radius:6px}
form.approve input{width:100%}
`;var Ve=t=>Et("sha256").update(t,"utf8").digest(),Ot=t=>String(t).replace(/~/g,"~0").replace(/\//g,"~1");function At(t,e){let s=t;for(let a of e)s=s?.[a];return s}function It(t){let e=0;for(let s of t)s.code==="unrecognized_keys"&&(e+=s.keys.length);return[e,t.length]}function We(t){let e=[];for(let s of t){if(s.code!=="invalid_union"||s.errors.length===0){e.push(s);continue}let a=s.errors.map(n=>We(n.map(d=>({...d,path:[...s.path,...d.path]})))),o=a.map(It),i=o.reduce((n,d)=>d[0]<n[0]||d[0]===n[0]&&d[1]<n[1]?d:n);a.forEach((n,d)=>{o[d][0]===i[0]&&o[d][1]===i[1]&&e.push(...n)})}return e}function Lt(t,e,s){let a=n=>e==="body"?n.map(d=>`/${Ot(d)}`).join(""):e==="query"?`?${n.map(String).join(".")}`:`{${n.map(String).join(".")}}`,o=new Map,i=(n,d)=>{let l=o.get(n)??[];l.includes(d)||l.push(d),o.set(n,l)};for(let n of We(t))if(n.code==="unrecognized_keys")for(let d of n.keys)i(a([...n.path,d]),"unknown field");else n.code==="invalid_type"&&At(s,n.path)===void 0?i(a(n.path),`required: ${n.expected}`):i(a(n.path),n.message);return[...o].map(([n,d])=>({pointer:n,message:d.join(", or ")}))}var jt={body:"body",query:"query string",path:"path"};function de(t,e,s){let a=t.safeParse(e);if(a.success)return a.data;throw new u("validation-failed",`the request ${jt[s]} does not match the API’s schema (see /v1/openapi.json)`,Lt(a.error.issues,s,e))}function $t(t,e){if(t instanceof u)return t;let s=t?.code;if(t instanceof I&&/^INDEX_/.test(t.code))return new u("archive-unavailable",`the archive cannot be used right now (${t.code}; see the server's log)`,void 0,t.code);switch(s){case"FST_ERR_CTP_BODY_TOO_LARGE":return new u("body-too-large",`the request body is larger than this server's limit of ${e} bytes`);case"FST_ERR_CTP_INVALID_MEDIA_TYPE":return new u("unsupported-media-type","send the body as application/json (Content-Type: application/json)");case"FST_ERR_CTP_EMPTY_JSON_BODY":return new u("malformed-json","the request body is empty: send a JSON object");case"FST_ERR_CTP_INVALID_CONTENT_LENGTH":return new u("malformed-json","the Content-Length does not match the body")}return t instanceof SyntaxError||s==="FST_ERR_CTP_INVALID_JSON_BODY"?new u("malformed-json","the request body is not valid JSON"):new u("internal","the server failed to handle this request (see its log)")}function ce(t,e,s){s.code==="unauthorized"&&t.header("www-authenticate",'Bearer realm="dupgraf"'),s.code==="shutting-down"&&t.header("connection","close");let a=e.url.split("?")[0];return t.code(s.status).type("application/problem+json").send(JSON.stringify(Ne(s,a)))}async function Xe(t){let{service:e,bodyLimit:s}=t,a=t.log?ie({level:t.log.level??"info",base:{service:"dupgraf"},timestamp:ie.stdTimeFunctions.isoTime,serializers:{req:()=>{},res:()=>{}}},t.log.stream):ie({enabled:!1}),o=Tt({loggerInstance:a,bodyLimit:s,logController:new Ct({disableRequestLogging:!0}),return503OnClosing:!1,requestIdHeader:!1,forceCloseConnections:"idle"});o.removeContentTypeParser("text/plain");let i=t.token?Ve(t.token):null,n=t.protectReads??!1,d=!1;function l(c,p){if(c==="public"||c==="read"&&!n)return;if(!i)throw new u("writes-disabled","this server was started without a token (--token-file or DUPGRAF_TOKEN), so it accepts no writes");let g=p.headers.authorization??"",b=/^Bearer +([^\s]+) *$/i.exec(g);if(!(b!==null&&Pt(Ve(b[1]),i)))throw new u("unauthorized",g===""?`this ${c==="write"?"write":"read"} needs a bearer token (Authorization: Bearer <token>)`:"the bearer token is not valid")}if(o.addHook("onRequest",async(c,p)=>{if((c.method==="GET"||c.method==="DELETE")&&!c.headers["transfer-encoding"]&&Number(c.headers["content-length"]??0)===0&&delete c.headers["content-type"],d)return ce(p,c,new u("shutting-down","try again shortly"))}),o.addHook("onSend",async(c,p,g)=>(p.header("x-content-type-options","nosniff"),p.header("referrer-policy","no-referrer"),p.header("x-frame-options","DENY"),p.header("content-security-policy",Ge),p.hasHeader("cache-control")||p.header("cache-control","no-store"),g)),o.addHook("onResponse",async(c,p)=>{c.log.info({method:c.method,route:c.routeOptions.url??null,url:c.url,status:p.statusCode,ms:Math.round(p.elapsedTime*10)/10,bytesIn:Number(c.headers["content-length"]??0)},"request")}),o.setErrorHandler((c,p,g)=>{let b=$t(c,s);return b.status>=500&&b.code!=="shutting-down"&&p.log.error({err:c},"request failed"),ce(g,p,b)}),o.setNotFoundHandler((c,p)=>ce(p,c,new u("not-found",`no ${c.method} ${c.url.split("?")[0]} here (see /v1/openapi.json)`))),t.corsOrigins&&t.corsOrigins.length>0){let c=(await import("@fastify/cors")).default;await o.register(c,{origin:[...t.corsOrigins],methods:["GET","POST","PUT","DELETE"],allowedHeaders:["authorization","content-type"],maxAge:600})}for(let c of N)_t(o,c,e,l);let m=JSON.stringify(Be());o.get("/v1/openapi.json",async(c,p)=>p.type("application/json").send(m)),o.get("/",async(c,p)=>p.type("text/html; charset=utf-8").send(He)),o.get("/assets/editor.js",async(c,p)=>p.type("text/javascript; charset=utf-8").header("cache-control","no-cache").send(ne)),o.get("/assets/editor.css",async(c,p)=>p.type("text/css; charset=utf-8").header("cache-control","no-cache").send(Ke)),o.get("/assets/icon.svg",async(c,p)=>p.type("image/svg+xml").header("cache-control","max-age=86400").send(Ye)),o.addHook("onClose",async()=>{await e.store.close()});let f=null;return{fastify:o,shutdown(){return d=!0,f??=(async()=>{let c=setTimeout(()=>o.server.closeAllConnections?.(),t.shutdownGraceMs??1e4);try{await o.close()}finally{clearTimeout(c)}})(),f}}}function _t(t,e,s,a){t.route({method:e.method,url:e.path.replace(/\{(\w+)\}/g,":$1"),handler:async(o,i)=>{let n=e.params?de(e.params,o.params,"path"):{},d=e.query?de(e.query,o.query??{},"query"):{};a(typeof e.access=="function"?e.access(d):e.access,o);let l=e.body?de(e.body,o.body,"body"):void 0,m=await e.handler(s,{params:n,query:d,body:l}),f=e.responses[m.status]?.schema;if(!f)return i.code(m.status).send();let c=f.safeParse(m.body);if(!c.success)throw o.log.error({issues:c.error.issues.map(p=>({path:p.path.join("."),code:p.code}))},"response does not match its schema"),new u("internal","the server produced an invalid response (see its log)");return i.code(m.status).type("application/json").send(JSON.stringify(c.data))}})}var C=t=>new Date(t).toISOString(),z=class{store;options;policies=new Map;approvalsCache=null;constructor(e,s){this.store=e,this.options=s,this.policies.set("",new U(s.check??{}));for(let[a,o]of Object.entries(s.desks??{}))this.policies.set(a,new U(s.check??{},o))}get desks(){return Object.keys(this.options.desks??{}).sort()}policyFor(e){if(e===void 0)return this.policies.get("");let s=Object.hasOwn(this.options.desks??{},e)?this.policies.get(e):void 0;if(!s){let a=this.desks;throw new u("unknown-desk",a.length>0?`no policy is configured for desk "${e}" (desks: ${a.join(", ")})`:`no policy is configured for desk "${e}" (this server has no desks configured; leave desk out)`,[{pointer:"/desk",message:"not a configured desk"}])}return s}async registry(){let e=await this.store.approvals();if(this.approvalsCache&&this.approvalsCache.raw===e)return this.approvalsCache.registry;let s=Ze(e);return this.approvalsCache={raw:e,registry:s},s}async read(e,s){let a=[],o;if("text"in e&&e.format!=="text"){await he([e.format]);let n=e.format==="html"?"story.html":"story.md",d=ge(n,e.text,{inputFormat:e.format});for(let m of d.warnings)a.push(m.message);let[l]=d.documents;o=l?{...l,path:s}:{path:s,text:"",paragraphs:[]}}else{let n="text"in e?e.text:[e.headline??"",...e.paragraphs].map(d=>d.replace(/\r\n?/g,`
`).replace(/\n[ \t]*\n[\s]*/g,`
`).trim()).filter(d=>d!=="").join(`

`);o={path:s,text:n}}let i=o.paragraphs??me(o.text);if(i.length>this.options.maxParagraphs)throw new u("too-many-paragraphs",`the story has ${i.length} paragraphs; this server checks at most ${this.options.maxParagraphs}`);if(e.date!==void 0){let n=fe(e.date);o.date=n?.ms??Date.parse(e.date),n&&(o.published=n.date)}return{document:o,spans:i,warnings:a}}async check(e,s){let a=e.id;if(s.add&&a===void 0)throw new u("id-required","add=true stores the story under its id: give an id",[{pointer:"/id",message:"required with add=true"}]);let o=this.policyFor(e.desk),i=await this.read(e,a??""),n=$e(i.document.text,i.document.paragraphs),d={...i.document,text:n.text},[l,m]=await Promise.all([this.registry(),this.store.storyCount()]),f=await this.store.check(d,s.add),c=je({stories:[{document:d,suppressedLines:n.suppressedLines,markers:n.markers}],index:{query:()=>f.result},sourceText:(h,S)=>f.texts.get(_e(h,S)),policy:o,engine:this.store.options,approvals:l,approvalsPath:"approvals",baseline:null,today:(this.options.today??H)(),tool:L,warnings:[],archiveDocuments:m,storyTime:h=>Le(h,h===d.path?d.published:f.published.get(h))}),p=c.stories[0],g=h=>{let S=f.dates.get(h);return S===void 0?null:C(S)},b=p.findings.map(h=>this.finding(h,g,s.diff)),P=[...i.warnings,...n.problems.map(h=>`line ${h.line}: ${h.message}`),...c.warnings.map(h=>h.message)];return{id:a??null,desk:e.desk??null,verdict:p.violations.length>0?"fail":"pass",policy:p.policy,words:p.words,paragraphs:p.paragraphs,recycledParagraphs:p.recycledParagraphs,boilerplateShare:p.boilerplateShare,violations:p.violations,findings:b,...s.draft?{draft:i.spans.map(h=>({paragraph:h.index,line:h.line,endLine:h.endLine,text:h.text.replace(/\s+/g," ").trim()}))}:{},added:f.added??null,archiveStories:m,warnings:P}}finding(e,s,a){let o=e.sources.map((n,d)=>({id:n.path,line:n.line,endLine:n.endLine,date:s(n.path),jaccard:n.jaccard,containment:n.containment,...n.text!==void 0?{text:n.text}:{},...n.changedFacts?{changedFacts:n.changedFacts}:{},...a&&d===0&&n.text!==void 0?{diff:ue(n.text,e.text).map(l=>({op:l[0],text:l.slice(1)}))}:{}})),i=null;for(let n of o)n.date!==null&&(!i||n.date<i.date||n.date===i.date&&n.id<i.id)&&(i={id:n.id,line:n.line,date:n.date});return{paragraph:e.paragraph,line:e.line,endLine:e.endLine,words:e.words,text:e.text,kind:e.kind,status:e.status==="baselined"?"counted":e.status,fingerprint:e.fingerprint,sources:o,origin:i,...e.approval?{approval:e.approval}:{}}}async put(e,s){s.desk!==void 0&&this.policyFor(s.desk);let a=await this.read(s,e),o=await this.store.put(a.document),i=this.store.options.minWords,n=a.spans.filter(d=>M(d.text).count>=i).length;return{id:e,outcome:o,paragraphs:n}}async remove(e){if(!await this.store.remove(e))throw new u("story-not-found","no story is stored under this id")}async story(e){let s=await this.store.story(e);if(!s)throw new u("story-not-found","no story is stored under this id");return{...s,date:C(s.date),added:C(s.added)}}async stats(){let[e,s]=await Promise.all([this.store.stats(),this.registry()]);return{backend:e.backend,stories:e.stories,paragraphs:e.paragraphs,oldest:e.oldest===null?null:C(e.oldest),newest:e.newest===null?null:C(e.newest),settings:{...e.settings,threshold:this.store.options.threshold,containment:this.store.options.containment},approvals:s.entries.length,desks:this.desks,limits:{bodyBytes:this.options.bodyLimit,paragraphs:this.options.maxParagraphs},auth:this.options.auth}}async approvals(){return(await this.registry()).entries}async approve(e){let s=e.text.replace(/\s+/g," ").trim(),a=this.store.options.minWords;if(M(s).count<a)throw new u("too-few-words",`the paragraph has fewer than ${a} words: it is never checked, so it needs no approval`,[{pointer:"/text",message:`fewer than ${a} words`}]);let o;return await this.store.updateApprovals(i=>(o=Ae(Ze(i),{text:s,owner:e.owner,reason:e.reason,...e.expires?{expires:e.expires}:{},added:(this.options.today??H)(),...e.from?{from:e.from}:{}}),Ie(o.registry))),{entry:o.entry,replaced:o.replaced}}};function Ze(t){if(t===void 0)return Oe();let e;try{e=JSON.parse(t)}catch{throw new u("internal","the approvals stored with the archive are not valid JSON")}let s=Ce.safeParse(e);if(!s.success)throw new u("internal","the approvals stored with the archive are not valid");return s.data}var Qe="approvals";function et(t){let e=De(()=>t.storyCount()),s=()=>e.forget();return{backend:"sqlite",options:t.options,async check(a,o){let i=()=>{let d=t.query(a),l=Fe(d),m=new Set;for(let g of d.paragraphs)for(let b of[...g.duplicates,...g.partials])m.add(b.path);let f=t.storyDates([...m]),c=t.publishedDates([...m]),p={result:d,texts:l,dates:f,published:c};return o&&(p.added=Y(t.addMany([a]))),p},n=t.transaction(i,o?"write":"read");return o&&s(),n},async put(a){let o=Y(t.addMany([a]));return s(),o},async remove(a){let o=t.remove(a);return s(),o},async story(a){let o=t.story(a);if(o)return{id:o.path,date:o.date,added:o.added,words:o.words,paragraphs:o.paragraphs}},storyCount:()=>e.get(),async stats(){return{backend:"sqlite",...t.summary(),settings:{shingleSize:t.settings.shingleSize,minWords:t.settings.minWords,lowestThreshold:t.settings.lowestThreshold}}},async approvals(){return t.metaValue(Qe)},async updateApprovals(a){return t.updateMeta(Qe,a)},async ping(){t.metaValue("format")},async close(){t.close()}}}function q(t,e,s,a,o=Number.MAX_SAFE_INTEGER){if(e===void 0)return s;if(typeof e!="number"||!Number.isInteger(e)||e<a||e>o)throw new k(`--${t} must be a whole number in ${a}..${o===Number.MAX_SAFE_INTEGER?"":o} (got ${Se(e)})`);return e}function Ft(t,e,s){if(t!==void 0){let o;try{o=tt.readFileSync(t,"utf8")}catch(n){throw new k(`cannot read the token file ${e} (${n.code??"error"})`)}let i=o.trim();if(i===""||/\s/.test(i))throw new k(`the token file ${e} must hold one token (no spaces), and not be empty`);return i}let a=s.DUPGRAF_TOKEN?.trim();if(a!==void 0&&a!==""&&/\s/.test(a))throw new k("DUPGRAF_TOKEN must be one token (no spaces)");return a||void 0}function Dt(t,e,s,a){let o=typeof t=="string"&&t!==""?{value:t,base:e.cwd}:e.env.DUPGRAF_INDEX_URL?{value:e.env.DUPGRAF_INDEX_URL,base:e.cwd}:s!==void 0?{value:s,base:a}:null;if(o===null)throw new k("name the archive index with --index FILE or --index postgres://… (or set DUPGRAF_INDEX_URL, or serve.index in the config file)");if(Re(o.value))return{location:o.value,shown:Ee(o.value),database:!0};let i=R.resolve(o.base,o.value);return{location:i,shown:R.relative(e.cwd,i)||i,database:!1}}async function Nt(t,e,s,a){if(t.database){let{openPostgresStore:i}=await import("./postgres-store-LSKIXUWF.mjs");return i(t.location,{...e,create:s,connections:a})}if(s){let i=R.dirname(t.location);if(!tt.existsSync(i))throw new Pe(`cannot create ${t.shown}: its folder does not exist`,"INDEX_MISSING")}let{openSqliteIndex:o}=await import("./sqlite-index-2KRIY5ZL.mjs");try{return et(o(t.location,{...e,create:s}))}catch(i){throw Te(i,t.shown)}}async function Nr(t,e){let s=await xe(e.cwd,t.config),a=s?.settings??{},o=B.parse(a.serve??{}),i=s?R.dirname(R.resolve(e.cwd,s.file)):e.cwd,n=(v,E)=>typeof v=="string"?R.resolve(e.cwd,v):E!==void 0?R.resolve(i,E):void 0,d=Dt(t.index,e,o.index,i),l=t.host??o.host??we;if(l.trim()==="")throw new k('--host: expected an address (got "")');let m=q("port",t.port??o.port,ke,0,65535),f=q("body-limit",t["body-limit"]??o.bodyLimit,ye,1024),c=q("max-paragraphs",t["max-paragraphs"]??o.maxParagraphs,be,1),p=t["cors-origin"]??o.corsOrigins??[];for(let v of p){let E=!1;try{E=new URL(v).origin===v.replace(/\/$/,"")}catch{E=!1}if(!E)throw new k(`--cors-origin: expected an origin such as https://cms.example.com (got ${JSON.stringify(v)})`)}let g=t["log-level"]??o.logLevel??"info",b=B.shape.logLevel.unwrap().options;if(!b.includes(g))throw new k(`--log-level must be one of ${b.join(", ")} (got ${JSON.stringify(g)})`);let P=t["token-file"],h=n(P,o.tokenFile),S=Ft(h,P??o.tokenFile??"",e.env),O=t["protect-reads"]??o.protectReads??!1;if(O&&!S)throw new k("--protect-reads needs a token (--token-file FILE or DUPGRAF_TOKEN)");let pe={};for(let v of["threshold","containment","shingleSize","minWords"])a[v]!==void 0&&(pe[v]=a[v]);let rt=q("connections",t.connections??o.connections,ve,1,100),le=await Nt(d,pe,t.create===!0,rt),st=d.shown,ot=new z(le,{check:a.check,desks:o.desks,maxParagraphs:c,bodyLimit:f,auth:{writes:S?"token":"disabled",reads:O?"token":"open"}}),A=await Xe({service:ot,token:S,protectReads:O,bodyLimit:f,corsOrigins:p,log:g==="silent"?!1:{stream:e.stdout,level:g}});try{await A.fastify.listen({host:l,port:m})}catch(v){throw await A.shutdown(),new k(`cannot listen on ${l}:${m} (${v.message})`)}let J=A.fastify.server.address(),at=typeof J=="object"&&J?J.port:m,nt=l.includes(":")?`[${l}]`:l,it=await le.storyCount();e.stderr.write(`dupgraf: serving ${st} (${it.toLocaleString("en-US")} stories) on http://${nt}:${at}/; writes ${S?"need the token":"are off (no token)"}, reads ${O?"need the token":"are open"}
`);let dt=await(e.untilStopped?.()??new Promise(()=>{}));return e.stderr.write(`dupgraf: ${dt}: finishing the requests in flight, then closing the index
`),await A.shutdown(),e.stderr.write(`dupgraf: stopped
`),0}export{Nr as runServeCommand};
