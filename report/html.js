(function(){
var d=document,b=d.body;b.className+=" js";
function q(s,e){return Array.prototype.slice.call((e||d).querySelectorAll(s));}
function has(list,v){return (" "+list+" ").indexOf(" "+v+" ")>=0;}
var fs=d.getElementById("f-status"),fv=d.getElementById("f-severity"),ff=d.getElementById("f-framework"),so=d.getElementById("f-sort");
var sev={CRITICAL:5,HIGH:4,MEDIUM:3,LOW:2,INFO:1},st={FAIL:4,UNKNOWN:3,MANUAL:2,PASS:1};
function apply(){var n=0;q(".group").forEach(function(g){
var ok=(!fs.value||has(g.getAttribute("data-statuses"),fs.value))&&(!fv.value||g.getAttribute("data-severity")===fv.value)&&(!ff.value||has(g.getAttribute("data-frameworks"),ff.value));
g.hidden=!ok;if(ok)n++;});d.getElementById("shown").textContent=n;}
function key(g,k){return g.getAttribute("data-"+k);}
function sort(){var box=d.getElementById("groups"),gs=q(".group",box),k=so.value;
gs.sort(function(a,c){
if(k==="rule")return key(a,"rule")<key(c,"rule")?-1:1;
if(k==="count"){var x=key(c,"count")-key(a,"count");if(x)return x;}
if(k==="severity"){var y=sev[key(c,"severity")]-sev[key(a,"severity")];if(y)return y;}
return key(a,"order")-key(c,"order");});
gs.forEach(function(g){box.appendChild(g);});}
[fs,fv,ff].forEach(function(e){e.addEventListener("change",apply);});
so.addEventListener("change",sort);
q("table.sortable").forEach(function(t){q("th",t.tHead).forEach(function(th,i){
th.tabIndex=0;th.title="Sort";th.addEventListener("click",function(){
var dir=th.getAttribute("aria-sort")==="ascending"?-1:1,num=th.hasAttribute("data-num"),body=t.tBodies[0];
q("th",t.tHead).forEach(function(h){h.removeAttribute("aria-sort");});
th.setAttribute("aria-sort",dir>0?"ascending":"descending");
q("tr",body).sort(function(r1,r2){var a=r1.cells[i].getAttribute("data-v")||r1.cells[i].textContent,c=r2.cells[i].getAttribute("data-v")||r2.cells[i].textContent;
if(num){a=parseFloat(a);c=parseFloat(c);return dir*(a-c);}return dir*a.localeCompare(c);}).forEach(function(r){body.appendChild(r);});});});});
var opened=[];
window.addEventListener("beforeprint",function(){opened=q("details.group:not([open])").filter(function(e){return e.getAttribute("data-worst")!=="PASS";});opened.forEach(function(e){e.open=true;});});
window.addEventListener("afterprint",function(){opened.forEach(function(e){e.open=false;});});
apply();})();
