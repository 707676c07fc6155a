"""report.html: one self-contained page a translator can open anywhere, offline.

Everything is inline (CSS, a few lines of JS, no web fonts) because reports are mailed
around and opened on machines without network access. The offending span of each finding
is highlighted inside the unit text, so the reviewer sees the problem where it sits instead
of hunting for it in a long paragraph.

A delivery runs to thousands of units, so the page is written to stay quick at that length while
the whole document remains in it (for the browser's Find and for printing): each unit is laid out
only as it nears the screen, the script reads the findings once and filters on that, and what every
finding would otherwise repeat (its buttons, a highlight's tooltip) is made when it is needed.
"""
from __future__ import annotations

import html
import json
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from ..decisions import STATUSES, Decision
from ..formats.tmx import illegal_characters, is_xml_char
from ..model import SEVERITY_RANK, Alignment, Finding
from .findings_table import SEVERITIES, decision_for, locate_span, sorted_findings, status_counts

ZH_FONTS = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei"'
JA_FONTS = '"Noto Sans CJK JP", "Source Han Sans JP", "Hiragino Sans", "Yu Gothic", "Meiryo", "IPAexGothic"'

CSS = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.6 system-ui,-apple-system,"Segoe UI",%(zh)s,%(ja)s,sans-serif;color:#1d1d1f;background:#f6f6f4}
:lang(zh){font-family:%(zh)s,sans-serif}
:lang(ja){font-family:%(ja)s,sans-serif;line-break:strict}
header.top{padding:12px 20px;background:#fff;border-bottom:1px solid #ddd}
h1{font-size:20px;margin:0 0 4px}
h2{font-size:16px;margin:18px 0 6px}
.sig{font:12px/1.4 ui-monospace,Menlo,Consolas,monospace;color:#555;overflow-wrap:anywhere}
.sig summary{cursor:pointer}
main{padding:0 20px 40px}
.cards{display:flex;flex-wrap:wrap;gap:8px;margin-top:12px}
.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:4px 10px;font-size:13px;color:#555}
.card b{font-size:18px;color:#1d1d1f;margin-right:5px}
.summary{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}
table.small{border-collapse:collapse;background:#fff;font-size:13px}
table.small td,table.small th{border:1px solid #ddd;padding:2px 8px;text-align:right}
table.small th:first-child,table.small td:first-child{text-align:left}
table.small a{color:#1d4f9c;text-decoration:none;border-bottom:1px dotted #1d4f9c}
.bar{display:inline-block;height:10px;background:#4a78c2;vertical-align:middle}
.filters{position:sticky;top:0;z-index:2;background:#fffbe8;border:1px solid #e6d98c;padding:8px 12px;
  margin:16px 0 8px;display:flex;flex-wrap:wrap;gap:14px;align-items:center;font-size:14px}
/* The document is laid out as a grid per row, not as a table: a table lays out all its rows
   together (a long report took seconds to open and to refilter), while a row of its own can be
   skipped until it nears the screen (content-visibility) and is still found by the browser's Find. */
table.doc,table.doc>thead,table.doc>tbody{display:block;width:100%%}
table.doc{background:#fff}
table.doc tr{display:grid;grid-template-columns:4.5em minmax(0,34%%) minmax(0,34%%) minmax(0,1fr)}
table.doc>thead{position:sticky;top:46px;z-index:1}
table.doc th{background:#eee;text-align:left;padding:4px 8px;font-size:13px}
table.doc td{border-top:1px solid #e3e3e3;padding:6px 8px;white-space:pre-wrap;overflow-wrap:anywhere}
tr.unit{content-visibility:auto;contain-intrinsic-size:auto 130px}
tr.unmatched td.t{background:#fff4f4}
tr.current>td{background:#fffdf0} tr.current>td:first-child{box-shadow:inset 4px 0 #c99a00}
.filters button{font:inherit;font-size:13px;padding:1px 8px}
tr.para-start td{border-top:3px solid #b9b9b9}
.meta{display:block;font-size:11px;color:#777;white-space:normal}
mark{background:#ffd84d;border-bottom:2px solid #c99a00;padding:0 1px;border-radius:2px}
mark.sev-major{background:#ffb3b3;border-bottom-color:#c22}
mark.sev-info{background:#d8ecff;border-bottom-color:#4a78c2}
mark.off{background:none;border-bottom:none}
ul.fs{list-style:none;margin:0;padding:0;white-space:normal}
li.finding{margin:0 0 6px;padding:3px 6px;border-left:4px solid #c99a00;background:#fafafa;font-size:13px}
li.finding.sev-major{border-left-color:#c22} li.finding.sev-info{border-left-color:#4a78c2}
.badge{display:inline-block;font-size:11px;padding:0 5px;border-radius:3px;background:#eee;margin-right:4px}
.sev-major .badge.sev{background:#c22;color:#fff} .sev-minor .badge.sev{background:#c99a00;color:#fff}
.sev-info .badge.sev{background:#4a78c2;color:#fff}
.sugg{color:#0a6a2a} .fp{color:#999;font:11px ui-monospace,monospace}
.nospan{color:#a33;font-size:12px}
.also{color:#555;font-size:12px}
li.repeat{margin:0 0 6px;padding:3px 6px;border-left:4px dashed #c99a00;background:#fcfcfc;font-size:13px;color:#444}
li.repeat.sev-major{border-left-color:#c22} li.repeat.sev-info{border-left-color:#4a78c2}
.decide{display:flex;flex-wrap:wrap;gap:3px;align-items:center;margin-top:4px}
.decide button{font:inherit;font-size:12px;line-height:1.3;padding:1px 7px;border:1px solid #bbb;border-radius:3px;
  background:#fff;color:#333;cursor:pointer}
.decide button[aria-pressed=true]{color:#fff;border-color:transparent;font-weight:600}
.decide button[data-s=open][aria-pressed=true]{background:#8a6d00}
.decide button[data-s=accepted][aria-pressed=true]{background:#1f7a3a}
.decide button[data-s=false-positive][aria-pressed=true]{background:#6b4fa0}
.decide button[data-s=fixed][aria-pressed=true]{background:#1d4f9c}
.decide button:focus-visible,.decide input:focus-visible,.dbar :focus-visible{outline:2px solid #1d4f9c;outline-offset:1px}
.decide input.cmt{flex:1 1 100%%;min-width:8em;font:inherit;font-size:12px;padding:1px 5px;border:1px solid #ccc;
  border-radius:3px;margin-top:2px}
.decide .who{font-size:11px;color:#777}
li.finding.edited{background:#f1f8ff}
li.finding.edited .decide::after{content:"changed here, not exported";font-size:11px;color:#1d4f9c}
.js .badge.st,.js .note{display:none}
.dbar{display:flex;flex-wrap:wrap;gap:10px;align-items:center}
.dbar input{font:inherit;font-size:13px;width:9em;padding:0 4px}
#d-pending{font-size:12px;color:#1d4f9c}
[hidden]{display:none!important}
@media print{body{background:#fff;font-size:11pt}.filters{display:none}table.doc>thead{position:static}
  tr.unit{break-inside:avoid;content-visibility:visible}.decide{display:none}.js .badge.st{display:inline-block}.js .note{display:inline}
  li.finding.edited{background:#fafafa}}
""" % {"zh": ZH_FONTS, "ja": JA_FONTS}

JS = """
(function(){
  var q=function(s){return Array.prototype.slice.call(document.querySelectorAll(s));};
  var keys=['check','severity','status'];
  var sel={check:document.getElementById('f-check'),severity:document.getElementById('f-severity'),
           status:document.getElementById('f-status')};
  var only=document.getElementById('f-only'), count=document.getElementById('f-count');
  // Filters live in the address too (#severity=major&status=open), so a reviewer can send a
  // colleague a link to exactly the findings to look at.
  function fromHash(){
    var h=location.hash.replace(/^#/,'');
    if(h.indexOf('=')<0)return;
    only.checked=false;
    h.split('&').forEach(function(kv){
      var p=kv.split('='), k=decodeURIComponent(p[0]), v=decodeURIComponent(p[1]||'');
      if(sel[k])sel[k].value=(v==='all'?'':v); else if(k==='only')only.checked=(v==='1');
    });
    keys.forEach(function(k){  // a value the select does not offer means no filter, not an empty list
      if(sel[k].selectedIndex<0)sel[k].value='';
    });
  }
  function toHash(){
    var parts=keys.map(function(k){return k+'='+encodeURIComponent(sel[k].value||'all');});
    if(only.checked)parts.push('only=1');
    try{history.replaceState(null,'','#'+parts.join('&'));}catch(e){}
  }
  // The findings, units and marks are read from the page once, into arrays. A filter change is
  // worked out on these and touches only the elements whose state changes: a long report holds
  // thousands of each, and walking (or rewriting) them all made every change take seconds.
  var rows=q('tr.unit'), rowOf={}, F=[], byId={};
  rows.forEach(function(tr,r){
    (tr.getAttribute('data-f')||'').split(' ').forEach(function(id){if(id)rowOf[id]=r;});
  });
  q('li.finding').forEach(function(li,i){
    var id=li.getAttribute('data-f');
    var d={i:i, li:li, id:id, fp:li.getAttribute('data-fp'), check:li.getAttribute('data-check'),
           severity:li.getAttribute('data-severity'), status:li.getAttribute('data-status'),
           row:rowOf.hasOwnProperty(id)?rowOf[id]:-1, hidden:li.hidden, marks:[], ready:false};
    F.push(d); byId[d.id]=d;
  });
  var M=q('mark[data-f]').map(function(m){
    var x={el:m, f:[], off:m.classList.contains('off')};
    m.getAttribute('data-f').split(' ').forEach(function(id){if(byId[id]){x.f.push(byId[id]);byId[id].marks.push(x);}});
    return x;
  });
  var rowN=rows.map(function(){return 0;}), rowHidden=rows.map(function(tr){return tr.hidden;});
  var shownN=0, shownUnits=0, current=-1, resumeFrom=-1;
  function passes(d){return keys.every(function(k){return !sel[k].value||d[k]===sel[k].value;});}
  function hide(d,h){if(d.hidden!==h){d.hidden=h;d.li.hidden=h;}}
  function lit(x){
    var on=x.f.some(function(d){return !d.hidden;});
    if(x.off===on){x.off=!on;x.el.classList.toggle('off',!on);}
  }
  function fold(r){
    var h=only.checked&&!rowN[r];
    if(rowHidden[r]!==h){rowHidden[r]=h;rows[r].hidden=h;}
  }
  function apply(){
    resumeFrom=-1; shownN=0; shownUnits=0;
    rowN=rows.map(function(){return 0;});
    F.forEach(function(d){
      var ok=passes(d); hide(d,!ok);
      if(ok){shownN++; if(d.row>=0)rowN[d.row]++;}
    });
    M.forEach(lit);
    rows.forEach(function(tr,r){if(rowN[r])shownUnits++; fold(r);});
    showCount();
  }
  function showCount(){count.textContent=shownN+' findings shown in '+shownUnits+' units';}
  // Some findings changed status: filter just those.
  function applyTo(ds){
    ds.forEach(function(d){
      var ok=passes(d); if(ok===!d.hidden)return;
      hide(d,!ok); shownN+=ok?1:-1;
      if(d.row>=0){
        var was=rowN[d.row]>0; rowN[d.row]+=ok?1:-1;
        shownUnits+=(rowN[d.row]>0?1:0)-(was?1:0); fold(d.row);
      }
      d.marks.forEach(lit);
    });
    showCount();
  }
  [sel.check,sel.severity,sel.status,only].forEach(function(e){
    e.addEventListener('change',function(){apply();toHash();});
  });
  window.addEventListener('hashchange',function(){
    if(location.hash.indexOf('=')<0)return;
    fromHash();apply();document.querySelector('.filters').scrollIntoView();
  });
  fromHash(); apply();
  // The filter bar wraps on narrow windows: keep the sticky column heads just below it.
  var bar=document.querySelector('.filters'), head=document.querySelector('table.doc>thead');
  function stick(){if(head)head.style.top=bar.offsetHeight+'px';}
  window.addEventListener('resize',stick); stick();
  // Step through the units whose findings are shown, as a reviewer works down the list.
  function setCurrent(r){
    if(current>=0&&rows[current])rows[current].classList.remove('current');
    current=r; if(r>=0)rows[r].classList.add('current');
  }
  function step(d){
    var list=[];
    rowN.forEach(function(n,r){if(n&&!rowHidden[r])list.push(r);});
    if(!list.length)return;
    var at=list.indexOf(current), to;
    if(at<0&&resumeFrom>=0){  // its findings were just decided away: go on from where it stands
      var after=list.filter(function(r){return r>resumeFrom;}).length;
      to=d>0?(after?list.length-after:list.length-1):Math.max(0,list.length-after-1);
    }else to=at<0?(d>0?0:list.length-1):Math.min(list.length-1,Math.max(0,at+d));
    resumeFrom=-1;
    setCurrent(list[to]);
    var tr=rows[current];
    function place(){window.scrollTo(0,tr.getBoundingClientRect().top+window.pageYOffset-bar.offsetHeight-40);}
    place();
    // Units not drawn yet stand in at an estimated height: once the ones around this unit are
    // drawn, put it in place again.
    requestAnimationFrame(function(){if(current===list[to])place();});
    (waiting.get(tr)||[]).forEach(controls);
    // Tab then reaches this unit's decision buttons first.
    var first=tr.querySelector('li.finding:not([hidden]) .decide button[aria-pressed=true]');
    if(first&&document.activeElement&&!/^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName))
      first.focus({preventScroll:true});
  }
  document.getElementById('f-next').addEventListener('click',function(){step(1);});
  document.getElementById('f-prev').addEventListener('click',function(){step(-1);});
  document.addEventListener('keydown',function(e){
    var t=e.target, tag=t&&t.tagName;
    if(tag==='SELECT'||tag==='INPUT'||tag==='TEXTAREA'||(t&&t.isContentEditable)||e.ctrlKey||e.metaKey||e.altKey)return;
    if(e.key==='n')step(1); else if(e.key==='p')step(-1);
  });
  // Over a mark, a tooltip names every finding it carries (made on the first hover, not written
  // into the page for every mark).
  document.addEventListener('mouseover',function(e){
    var m=e.target; if(m.tagName!=='MARK'||m.hasAttribute('title'))return;
    m.title=(m.getAttribute('data-f')||'').split(' ').map(function(id){
      var d=byId[id]; if(!d)return '';
      var msg=d.li.querySelector('.msg'), sugg=d.li.querySelector('.sugg');
      return d.severity+' '+d.check+': '+(msg?msg.textContent:'')+(sugg?' '+sugg.textContent:'');
    }).filter(Boolean).join('\\n');
  });
  // A printed (signed-off) report shows the full signature.
  window.addEventListener('beforeprint',function(){q('details.sig').forEach(function(d){d.open=true;});});
  // Decisions made in the page. The buttons start as the decisions file had them when the page
  // was written; the reviewer's changes are kept in this browser (localStorage, one entry per
  // report file and document, so two reports never mix, while a re-run into the same folder after
  // a fix keeps the changes not exported yet) until exported for `aligner review import`.
  var cards=q('.card[data-count]'), byFp={}, file={}, tally={};
  var tpl=document.getElementById('decide-tpl');
  document.documentElement.classList.add('js');
  F.forEach(function(d){
    var fp=d.fp; if(!fp)return;
    if(!byFp[fp]){byFp[fp]=[];file[fp]={status:d.status,comment:d.li.getAttribute('data-comment')||'',
                                         reviewer:d.li.getAttribute('data-reviewer')||''};}
    byFp[fp].push(d); tally[d.status]=(tally[d.status]||0)+1;
  });
  var sigText=(document.getElementById('signature-text')||{}).textContent||'';
  var KEY='aligner-decisions|'+location.pathname+'|'+document.title, store=null;
  try{store=window.localStorage;store.getItem(KEY);}catch(e){store=null;}
  var who=document.getElementById('d-reviewer'), pending=document.getElementById('d-pending');
  var exportBtn=document.getElementById('d-export');
  var edits={}, replaced=0, note='', exportedAt='';
  function same(a,b){return a.status===b.status&&a.comment===b.comment;}
  function baseOf(fp){return JSON.stringify([file[fp].status,file[fp].comment]);}
  function read(){
    if(!store){note='this browser keeps nothing for files opened from disk: export before closing';return;}
    try{edits=JSON.parse(store.getItem(KEY)||'{}')||{};}catch(e){edits={};}
    Object.keys(edits).forEach(function(fp){
      var e=edits[fp];
      // Made on a page whose decisions file said something else: a newer run (after an import) wins.
      if(!file[fp]||same(e,file[fp]))delete edits[fp];   // not on this page, or in the decisions file now
      else if(e.base!==baseOf(fp)){replaced++;delete edits[fp];}
    });
    try{who.value=store.getItem(KEY+'|reviewer')||store.getItem('aligner-reviewer')||'';}catch(e){}
  }
  function write(){
    if(!store)return;
    try{store.setItem(KEY,JSON.stringify(edits));note='';}
    catch(e){note='could not keep decisions in this browser: export them now';}
  }
  function state(fp){return edits[fp]||file[fp];}
  // A finding's buttons and comment box are made when its unit comes near the screen (or is
  // stepped to): thousands of findings' controls made at once held the page up for seconds.
  function draw(d){
    var s=state(d.fp), li=d.li;
    li.querySelectorAll('.decide button').forEach(function(b){b.setAttribute('aria-pressed',String(b.dataset.s===s.status));});
    var c=li.querySelector('input.cmt'); if(c&&c!==document.activeElement)c.value=s.comment;
    var w=li.querySelector('.who'); if(w)w.textContent=s.reviewer;
  }
  function controls(d){
    if(d.ready||!d.fp)return;
    d.ready=true; d.li.appendChild(tpl.content.cloneNode(true)); draw(d);
  }
  function show(fp){
    var s=state(fp), edited=!!edits[fp];
    byFp[fp].forEach(function(d){
      var li=d.li;
      tally[d.status]--; tally[s.status]=(tally[s.status]||0)+1;
      d.status=s.status; li.setAttribute('data-status',s.status); li.classList.toggle('edited',edited);
      if(d.ready)draw(d);
      var st=li.querySelector('.badge.st'); if(st)st.textContent=s.status;
      var n=li.querySelector('.note');
      if(n){n.textContent=s.reviewer+(s.reviewer&&s.comment?': ':'')+s.comment;
            if(n.textContent)n.insertBefore(document.createElement('br'),n.firstChild);}
    });
  }
  // The findings of each unit (and of the list of findings not tied to one), to make their controls.
  var waiting=new Map();
  F.forEach(function(d){
    var el=d.row>=0?rows[d.row]:d.li.parentNode;
    if(!waiting.has(el))waiting.set(el,[]);
    waiting.get(el).push(d);
  });
  if(window.IntersectionObserver&&F.length>200){
    var watch=new IntersectionObserver(function(es){es.forEach(function(e){
      if(e.isIntersecting){watch.unobserve(e.target);waiting.get(e.target).forEach(controls);}
    });},{rootMargin:'1500px 0px'});
    waiting.forEach(function(ds,el){watch.observe(el);});
  }else F.forEach(controls);
  function recount(){
    cards.forEach(function(card){card.querySelector('b').textContent=tally[card.dataset.count]||0;});
    var n=Object.keys(edits).length, parts=[];
    if(n)parts.push(n+' decision'+(n>1?'s':'')+' changed here: export to keep them for the next run');
    if(replaced)parts.push(replaced+' earlier change'+(replaced>1?'s':'')+' here replaced by the decisions file');
    if(note)parts.push(note);
    if(exportedAt)parts.push('exported '+exportedAt+': aligner review import that file');
    pending.textContent=parts.join(' · ');
  }
  function decide(fp,patch){
    var cur=state(fp), next={status:patch.status!=null?patch.status:cur.status,
                             comment:patch.comment!=null?patch.comment:cur.comment};
    next.reviewer=(who.value||'').trim()||cur.reviewer;
    if(same(next,file[fp]))delete edits[fp];
    else{next.base=baseOf(fp);edits[fp]=next;}
    write(); show(fp); recount();
  }
  function findingOf(el){var li=el.closest('li.finding');return li&&byId[li.getAttribute('data-f')];}
  document.addEventListener('click',function(e){
    var b=e.target.closest&&e.target.closest('.decide button'); if(!b)return;
    var d=findingOf(b), fp=d.fp;
    decide(fp,{status:b.dataset.s});
    applyTo(byFp[fp]);
    if(d.row>=0&&d.row===current&&!rowN[d.row])resumeFrom=d.row;
    // From the keyboard (no pointer: detail 0), go on to the next finding still shown.
    if(d.hidden&&e.detail===0){
      for(var i=d.i+1;i<F.length&&F[i].hidden;i++);
      if(i<F.length){
        controls(F[i]);
        var to=F[i].li.querySelector('.decide button[aria-pressed=true]');
        if(to){to.focus(); if(F[i].row>=0){setCurrent(F[i].row);resumeFrom=-1;}}
      }
    }
  });
  document.addEventListener('input',function(e){
    if(!e.target.classList||!e.target.classList.contains('cmt'))return;
    decide(findingOf(e.target).fp,{comment:e.target.value.trim()});
  });
  document.addEventListener('keydown',function(e){
    if(e.target.classList&&e.target.classList.contains('cmt')&&(e.key==='Enter'||e.key==='Escape'))e.target.blur();
  });
  who.addEventListener('input',function(){
    if(!store)return;
    try{store.setItem(KEY+'|reviewer',who.value);store.setItem('aligner-reviewer',who.value);}catch(e){}
  });
  // The decisions file's own format (load_decisions reads it), with where it came from beside it.
  function exportDecisions(){
    var out={};
    Object.keys(byFp).sort().forEach(function(fp){var s=state(fp);
      out[fp]={status:s.status,reviewer:s.reviewer,comment:s.comment};});
    return {format:'aligner-decisions',signature:sigText,report:location.href.split('#')[0],
            reviewer:(who.value||'').trim(),exported:new Date().toISOString(),decisions:out};
  }
  window.alignerExportDecisions=exportDecisions;
  exportBtn.addEventListener('click',function(){
    var blob=new Blob([JSON.stringify(exportDecisions(),null,1)],{type:'application/json'});
    var a=document.createElement('a');
    a.href=URL.createObjectURL(blob); a.download=exportBtn.dataset.name||'decisions.json';
    document.body.appendChild(a); a.click();
    setTimeout(function(){URL.revokeObjectURL(a.href);a.remove();},1000);
    exportedAt=new Date().toTimeString().slice(0,5)+' as '+a.download; recount();
  });
  read();
  Object.keys(edits).forEach(show);
  recount(); if(Object.keys(edits).length)apply();
})();
"""


def _card_status(name: str) -> str:
    return f' data-count="{_esc(name)}"' if name in STATUSES else ""


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


def _visible(text: str) -> str:
    """Escape unit text, showing characters XML cannot carry as control pictures (U+0007 → ␇).

    A browser draws nothing for them, so the highlight of an xml-illegal-character finding
    would otherwise be an empty mark.
    """
    out = _esc(text)
    if all(is_xml_char(ch) for ch in out):
        return out
    return "".join(ch if is_xml_char(ch) else (chr(0x2400 + ord(ch)) if ord(ch) < 0x20 else "\ufffd")
                   for ch in out)


def highlight(text: str, spans: list[tuple[int, int, str, str]]) -> str:
    """Escape text and wrap each (start, end, finding id, severity) span in <mark>.

    Overlapping spans are cut at every boundary so the marks never cross; each piece lists
    all findings covering it in data-f, which is what the filter script switches on, and from
    which it writes the tooltip naming them when the pointer comes over the mark (written here,
    the tooltips repeated every message and made a long report a sixth larger and slower to open).
    """
    if not spans:
        return _visible(text)
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        piece = _visible(text[a:b])
        cover = [(fid, sev) for s, e, fid, sev in spans if s <= a and b <= e]
        if cover:
            worst = max((sev for _, sev in cover), key=lambda s: SEVERITY_RANK.get(s, 0))
            ids = list(dict.fromkeys(fid for fid, _ in cover))
            out.append(f'<mark class="sev-{_esc(worst)}" data-f="{" ".join(ids)}">{piece}</mark>')
        else:
            out.append(piece)
    return "".join(out)


def _finding_item(fid: str, f: Finding, d: Decision, missing: list[str]) -> str:
    parts = [f'<li class="finding sev-{_esc(f.severity)}" data-f="{fid}" data-check="{_esc(f.check)}" '
             f'data-severity="{_esc(f.severity)}" data-status="{_esc(d.status)}" data-fp="{_esc(f.fingerprint)}" '
             f'data-reviewer="{_esc(d.reviewer)}" data-comment="{_esc(d.comment)}">',
             f'<span class="badge sev">{_esc(f.severity)}</span><span class="badge">{_esc(f.check)}</span>'
             f'<span class="badge st">{_esc(d.status)}</span> <span class="msg">{_esc(f.message)}</span>']
    if f.suggestion:
        parts.append(f'<br><span class="sugg">→ {_esc(f.suggestion)}</span>')
    if f.also_units:
        links = ", ".join(f'<a href="#u{k}">#{k}</a>' for k in f.also_units[:50])
        more = f" and {len(f.also_units) - 50} more" if len(f.also_units) > 50 else ""
        parts.append(f'<br><span class="also">also in {links}{more} (the same text: one verdict, '
                     f'{len(f.also_units) + 1} places to fix)</span>')
    for side in missing:
        parts.append(f'<br><span class="nospan">{side} span not found in the unit text: '
                     f'«{_esc(getattr(f, side + "_span"))}»</span>')
    note = f'{_esc(d.reviewer)}{": " if d.reviewer and d.comment else ""}{_esc(d.comment)}'
    parts.append(f'<i class="note"><br>{note}</i>' if note else '<i class="note"></i>')
    parts.append(f' <span class="fp">{_esc(f.fingerprint)}</span></li>')
    return "".join(parts)


STATUS_LABELS = {"open": "open", "accepted": "accept", "false-positive": "false positive", "fixed": "fixed"}


def _decide_template() -> str:
    """The reviewer's buttons and comment box, once: the page script gives every finding a copy (as
    its unit nears the screen) and sets it from the finding's data-status/-comment/-reviewer (the
    decisions file's verdict), so a long report does not carry the controls thousands of times."""
    buttons = "".join(f'<button type="button" data-s="{_esc(s)}" aria-pressed="false">{_esc(STATUS_LABELS.get(s, s))}'
                      f'</button>' for s in STATUSES)
    return (f'<template id="decide-tpl"><div class="decide" role="group" aria-label="decision">{buttons}'
            f'<span class="who"></span><input type="text" class="cmt" placeholder="comment" aria-label="comment" '
            f'maxlength="2000"></div></template>')


def _crosstab(findings: list[Finding]) -> str:
    if not findings:
        return "<p>No findings.</p>"
    df = pd.DataFrame({"check": [f.check for f in findings], "severity": [f.severity for f in findings]})
    tab = pd.crosstab(df["check"], df["severity"]).reindex(columns=list(SEVERITIES), fill_value=0)
    tab["total"] = tab.sum(axis=1)
    tab = tab.sort_values(["total", *SEVERITIES], ascending=False)
    head = "".join(f"<th>{_esc(c)}</th>" for c in ["check", *tab.columns])
    def cell(value, check="all", severity="all", bold=False):
        # Each count opens the document filtered to exactly those findings (see the filter script).
        text = f"<b>{int(value)}</b>" if bold else str(int(value))
        if not value:
            return f"<td>{text}</td>"
        href = f"#check={quote(check, safe='')}&severity={quote(severity, safe='')}&status=all&only=1"
        return f'<td><a href="{_esc(href)}">{text}</a></td>'

    body = "".join("<tr><td>" + _esc(name) + "</td>"
                   + "".join(cell(v, name, col if col in SEVERITIES else "all") for col, v in row.items()) + "</tr>"
                   for name, row in tab.iterrows())
    totals = "".join(cell(v, "all", col if col in SEVERITIES else "all", bold=True)
                     for col, v in tab.sum(axis=0).items())
    return f'<table class="small"><tr>{head}</tr>{body}<tr><td><b>all</b></td>{totals}</tr></table>'


def _confidence_table(alignment: Alignment) -> str:
    values = [u.confidence for u in alignment.units if u.matched]
    if not values:
        return "<p>No matched units.</p>"
    bins = Counter(min(int(v * 10), 9) for v in values)
    top = max(bins.values())
    rows = "".join(
        f"<tr><td>{b / 10:.1f}–{(b + 1) / 10:.1f}</td><td>{bins.get(b, 0)}</td>"
        f'<td style="text-align:left;width:160px"><span class="bar" style="width:{150 * bins.get(b, 0) // top}px">'
        f"</span></td></tr>" for b in range(9, -1, -1))
    s = pd.Series(values)
    return (f'<table class="small"><tr><th>confidence</th><th>units</th><th></th></tr>{rows}</table>'
            f'<p class="meta">matched units: mean {s.mean():.2f}, median {s.median():.2f}, min {s.min():.2f}</p>')


def _export_name(alignment: Alignment) -> str:
    """decisions-<first input's stem>.json: a download folder collects several, from several documents."""
    stem = Path(alignment.source.files[0]).stem if alignment.source.files else "report"
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in stem)[:80] or "report"
    return f"decisions-{safe}.json"


def render_html(alignment: Alignment, findings: list[Finding], signature: dict,
                decisions: dict[str, Decision] | None = None, *, include_unmatched: bool = False) -> str:
    """The page; `include_unmatched` says whether aligned.tmx holds the 1-0/0-1 units, so the
    report tells the reviewer where they went."""
    findings = sorted_findings(findings)
    fids = {id(f): f"f{i}" for i, f in enumerate(findings)}
    by_unit: dict[int, list[Finding]] = {}
    repeated_in: dict[int, list[Finding]] = {}  # a finding's other places (repeated text)
    for f in findings:
        by_unit.setdefault(f.unit, []).append(f)
        for k in f.also_units:
            repeated_in.setdefault(k, []).append(f)
    unit_ids = {u.index for u in alignment.units}
    units = alignment.units
    unmatched = [u for u in units if not u.matched]
    counts = status_counts(findings, decisions)
    sev_counts = Counter(f.severity for f in findings)
    files = ", ".join(Path(p).name for p in alignment.source.files) or "document"

    # Under each text its file name and lines; the full path, the same for every unit, is on hover
    # (and in the signature): printed in full it wrapped mid-path in a narrow column.
    names = {p: Path(p).name for p in alignment.source.files}

    def short_location(loc: str) -> str:
        for path, name in names.items():
            loc = loc.replace(path, name)
        return loc

    rows = []
    last_parent = None
    for u in units:
        fs = by_unit.get(u.index, [])
        spans = {"zh": [], "ja": []}
        items = []
        for f in fs:
            fid = fids[id(f)]
            missing = []
            for side, text in (("zh", u.zh), ("ja", u.ja)):
                span = getattr(f, side + "_span")
                where = locate_span(text, span)
                if where:
                    spans[side].append((*where, fid, f.severity))
                elif span:
                    missing.append(side)
            items.append(_finding_item(fid, f, decision_for(f, decisions), missing))
        for f in repeated_in.get(u.index, []):
            # Marked here too, and pointing at the finding where the verdict is given.
            fid = fids[id(f)]
            for side, text in (("zh", u.zh), ("ja", u.ja)):
                where = locate_span(text, getattr(f, side + "_span"))
                if where:
                    spans[side].append((*where, fid, f.severity))
            items.append(f'<li class="repeat sev-{_esc(f.severity)}"><span class="badge">{_esc(f.check)}</span>'
                         f'same as <a href="#u{f.unit}">#{f.unit}</a>: {_esc(f.message)}</li>')
        cells = []
        for side, text, loc in (("zh", u.zh, u.zh_location), ("ja", u.ja, u.ja_location)):
            lang = "zh-CN" if side == "zh" else "ja"
            cells.append(f'<td class="t" lang="{lang}">{highlight(text, spans[side])}'
                         f'<span class="meta" title="{_esc(loc)}">{_esc(short_location(loc))}</span></td>')
        cls = "unit" + ("" if u.matched else " unmatched")
        if u.parent is not None and u.parent != last_parent:
            cls += " para-start"  # sentence level: a thicker rule where a new paragraph begins
        last_parent = u.parent
        data_f = " ".join(fids[id(f)] for f in fs)
        rows.append(f'<tr class="{cls}" id="u{u.index}" data-f="{data_f}"><td>{u.index}'
                    f'<span class="meta">{_esc(u.kind)}<br>{u.confidence:.2f}</span></td>{"".join(cells)}'
                    f'<td><ul class="fs">{"".join(items)}</ul></td></tr>')

    illegal = illegal_characters(alignment, include_unmatched=include_unmatched)
    illegal_html = ""
    if illegal:
        items = "".join(f'<li><a href="#u{r.unit}">#{r.unit}</a> {_esc(r.describe())} in aligned.tmx</li>'
                        for r in illegal[:200])
        more = f"<li>… and {len(illegal) - 200} more</li>" if len(illegal) > 200 else ""
        illegal_html = (f"<h2>Characters the TMX cannot carry ({len(illegal)})</h2>"
                        f"<p class=meta>XML 1.0 forbids these control characters; check the source extraction.</p>"
                        f"<ul>{items}{more}</ul>")
    loose = [f for f in findings if f.unit not in unit_ids]
    loose_html = ""
    if loose:
        loose_items = "".join(_finding_item(fids[id(f)], f, decision_for(f, decisions), []) for f in loose)
        loose_html = f'<h2>Findings not tied to a unit</h2><ul class="fs">{loose_items}</ul>'
    unmatched_html = ""
    if unmatched:
        items = "".join(f'<li><a href="#u{u.index}">#{u.index}</a> {_esc(u.kind)} {_esc(u.location)} '
                        f'<span lang="{"zh-CN" if u.zh_segments else "ja"}">{_esc((u.zh or u.ja)[:60])}</span></li>'
                        for u in unmatched)
        where = ("Written to aligned.tmx with their one language only (--include-unmatched)."
                 if include_unmatched else "Left out of aligned.tmx (--include-unmatched writes them).")
        unmatched_html = (f"<h2>Unmatched units ({len(unmatched)})</h2><p class=meta>{where}</p>"
                          f"<ul>{items}</ul>")

    def options(values):
        return "".join(f'<option value="{_esc(v)}">{_esc(v)}</option>' for v in values)

    checks = sorted({f.check for f in findings})
    sig_json = json.dumps(signature, ensure_ascii=False, sort_keys=True, default=str).replace("<", "\\u003c")
    sig_files = "".join(f"<li>{_esc(k)} sha256:{_esc(v)}</li>" for k, v in sorted(signature.get("files", {}).items()))
    cards = [("units", len(units)), ("matched", len(units) - len(unmatched)), ("unmatched", len(unmatched)),
             ("findings", len(findings)), *((s, sev_counts.get(s, 0)) for s in SEVERITIES),
             *((s, counts[s]) for s in STATUSES)]
    export_name = _export_name(alignment)
    status_opts = "".join(f'<option value="{s}"{" selected" if s == "open" else ""}>{s}</option>' for s in STATUSES)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="generator" content="{_esc(signature.get('text', ''))}">
<title>aligner report — {_esc(files)}</title><style>{CSS}</style></head>
<body>
<header class="top"><h1>aligner report — {_esc(files)}</h1>
<details class="sig"><summary>signature: {_esc(signature.get('tool', 'aligner'))} {_esc(signature.get('version', ''))}, \
{len(signature.get('files', {}))} file(s) hashed (tool version, settings, inputs and glossaries)</summary>
<div id="signature-text">{_esc(signature.get('text', ''))}</div>
{f'<ul>{sig_files}</ul>' if sig_files else ''}</details></header>
<script type="application/json" id="signature">{sig_json}</script>
<main>
<div class="cards">{''.join(f'<div class="card"{_card_status(k)}><b>{v}</b>{_esc(k)}</div>' for k, v in cards)}</div>
<div class="summary"><div><h2>Findings by check and severity</h2>{_crosstab(findings)}</div>
<div><h2>Alignment confidence</h2>{_confidence_table(alignment)}</div></div>
{unmatched_html}{illegal_html}{loose_html}
<h2>Aligned document ({_esc(alignment.level)} level)</h2>
<div class="filters">
<label>check <select id="f-check"><option value="">all</option>{options(checks)}</select></label>
<label>severity <select id="f-severity"><option value="">all</option>{options(SEVERITIES)}</select></label>
<label>status <select id="f-status"><option value="">all</option>{status_opts}</select></label>
<label><input type="checkbox" id="f-only"> only units with shown findings</label>
<button type="button" id="f-prev" title="previous unit with a shown finding (key p)">◀ prev</button>
<button type="button" id="f-next" title="next unit with a shown finding (key n)">next ▶</button>
<span id="f-count" class="meta"></span>
<span class="dbar"><label>reviewer <input type="text" id="d-reviewer" autocomplete="name" placeholder="your name"></label>
<button type="button" id="d-export" data-name="{_esc(export_name)}" title="download the decisions as JSON for aligner review import">Export decisions</button><span id="d-pending" role="status"></span></span></div>
{_decide_template()}
<table class="doc">
<thead><tr><th>#</th><th lang="zh-CN">中文</th><th lang="ja">日本語</th><th>findings</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table>
</main>
<script>{JS}</script>
</body></html>
"""


def write_html(alignment: Alignment, findings: list[Finding], signature: dict, path: Path,
               decisions: dict[str, Decision] | None = None, *, include_unmatched: bool = False) -> None:
    Path(path).write_text(render_html(alignment, findings, signature, decisions, include_unmatched=include_unmatched),
                          encoding="utf-8")
