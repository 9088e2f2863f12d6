#!/usr/bin/env python3
"""The module graph of src/: which top-level module uses which (`crate::x`), and inside each
module which file uses which (`super::x`, `crate::module::x`); test code is left out. Prints the
graph and exits 1 if there is an import cycle. Run by .ci/run: `python3 .ci/modgraph.py src`."""
import os, re, sys, itertools
root = sys.argv[1] if len(sys.argv) > 1 else 'src'
files = []
for d, _, fs in os.walk(root):
    for f in fs:
        if f.endswith('.rs'): files.append(os.path.join(d, f))
def modpath(path):
    rel = os.path.relpath(path, root)[:-3].split(os.sep)
    if rel[-1] in ('mod',): rel = rel[:-1]
    if rel == ['lib'] or rel == ['main']: return ['crate']
    return rel
top = {}
edges = {}
for f in files:
    mp = modpath(f)
    text = open(f).read()
    # drop tests
    text = re.split(r'#\[cfg\(test\)\]', text)[0]
    m = mp[0]
    uses = set(re.findall(r'crate::(\w+)', text))
    if len(mp) > 1:
        # super:: from a file inside a module stays inside it at top level
        pass
    for u in uses:
        if u != m and m != 'crate':
            edges.setdefault(m, set()).add(u)
    edges.setdefault(m, set())
# cycle detection at top level
def cycles(edges):
    out=[]; 
    for a in edges:
        stack=[(a,[a])]
        while stack:
            n,p=stack.pop()
            for b in edges.get(n,()):
                if b==a: out.append(p+[a])
                elif b not in p and len(p)<8: stack.append((b,p+[b]))
    return out
for m in sorted(edges): print(f"{m:12} -> {', '.join(sorted(edges[m]))}")
c = cycles(edges)
print("cycles:", sorted(set(' -> '.join(x) for x in c)) or "none")

# Inside each module: which sibling file uses which (via `super::x` or `crate::module::x`).
print()
allc = []
for d, subdirs, fs in os.walk(root):
    rs = [f[:-3] for f in fs if f.endswith('.rs') and f != 'mod.rs']
    subs = [s for s in subdirs]
    names = set(rs) | set(subs)
    if not names or d == root: continue
    modname = os.path.relpath(d, root).replace(os.sep, '::')
    e = {}
    for n in names:
        p = os.path.join(d, n + '.rs') if n in rs else os.path.join(d, n, 'mod.rs')
        paths = [p] if n in rs else [os.path.join(dd, ff) for dd, _, ffs in os.walk(os.path.join(d, n)) for ff in ffs if ff.endswith('.rs')]
        used = set()
        for path in paths:
            text = re.split(r'#\[cfg\(test\)\]', open(path).read())[0]
            used |= set(re.findall(r'(?<![\w:])super::(\w+)', text)) if n in rs else set()
            used |= set(re.findall(r'crate::' + re.escape(modname) + r'::(\w+)', text))
        e[n] = {u for u in used if u in names and u != n}
    inner = cycles(e)
    print(f"{modname}: " + "; ".join(f"{k} -> {','.join(sorted(v))}" for k, v in sorted(e.items()) if v))
    allc += [f"{modname}: " + ' -> '.join(x) for x in inner]
print("cycles inside modules:", sorted(set(allc)) or "none")

sys.exit(1 if c or allc else 0)
