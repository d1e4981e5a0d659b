"""A small reference implementation of the counting rules written up in NOTES.md.

It reads a fixture's arch.yaml / workload.yaml / mapping.yaml (Loupe format), computes per-instance
reads / fills / updates, tiles, partition sizes, utilized instances, cycles, utilization and energy,
and compares them with expected.yaml. It is a test aid for the Swift engine, not part of Loupe.

    python3 reference_model.py                 # check every case in this folder
    python3 reference_model.py --table         # print the per-case derivation tables used in NOTES.md
    python3 reference_model.py ex04_cp ...     # check some cases

Needs PyYAML. Dense, perfectly factorized mappings only (as in every fixture here).
"""
import yaml, math, re, sys, os
FIX=os.path.dirname(os.path.abspath(__file__))
WHY={}
REL={'weights':{'K','C','R','S','G'},'inputs':{'N','C','P','Q','R','S','G'},'outputs':{'N','K','P','Q','G'}}

def parse_loops(s):
    out=[]
    for tok in (s or '').split():
        d,f=tok.split('='); out.append((d,int(f)))
    return out

def energy_val(s):
    m=re.match(r'([\d.eE+-]+)\s*(pJ|fJ|nJ)?',str(s)); v=float(m.group(1)); u=m.group(2) or 'pJ'
    return v*{'pJ':1,'fJ':1e-3,'nJ':1e3}[u]

def load(case):
    A=yaml.safe_load(open(f'{FIX}/{case}/arch.yaml'))['architecture']
    W=yaml.safe_load(open(f'{FIX}/{case}/workload.yaml'))['workload']['layers'][0]
    M=yaml.safe_load(open(f'{FIX}/{case}/mapping.yaml'))['mapping']['default']
    return A,W,M

def footprint(t, fac, st, dl):
    g=lambda d: fac.get(d,1)
    if t=='weights': return g('G')*g('K')*g('C')*g('R')*g('S')
    if t=='outputs': return g('G')*g('N')*g('K')*g('P')*g('Q')
    rows=(g('P')-1)*st[0]+(g('R')-1)*dl[0]+1
    cols=(g('Q')-1)*st[1]+(g('S')-1)*dl[1]+1
    return g('G')*g('N')*g('C')*rows*cols

def run(case):
    A,W,M=load(case)
    levels=A['levels']; storage=levels[:-1]; compute=levels[-1]
    names=[l['name'] for l in levels]
    st=W.get('stride',[1,1]); st=st if isinstance(st,list) else [st,st]
    dl=W.get('dilation',[1,1]); dl=dl if isinstance(dl,list) else [dl,dl]
    bounds=W['dims']
    mp={e['level']:e for e in M}
    # flattened loops: (dim, factor, spatial?, level index)
    loops=[]; start={}
    for i,l in enumerate(levels):
        start[i]=len(loops)
        e=mp.get(l['name'],{})
        for d,f in parse_loops(e.get('temporal')): loops.append((d,f,False,i))
        sp=e.get('spatial') or {}
        for ax in ('x','y'):
            for d,f in parse_loops(sp.get(ax)): loops.append((d,f,True,i))
    # check factors
    prod={}
    for d,f,s,i in loops: prod[d]=prod.get(d,1)*f
    for d,b in bounds.items():
        assert prod.get(d,1)==b,(case,d,prod.get(d,1),b)
    cycles=math.prod(f for d,f,s,i in loops if not s)
    macs=math.prod(bounds.values())
    keeps={}
    for i,l in enumerate(storage):
        k=set(l.get('keeps',['weights','inputs','outputs']))
        if 'keeps' in mp.get(l['name'],{}): k&=set(mp[l['name']]['keeps'])
        keeps[i]=k
    nC=len(levels)-1
    def fac_of(sel):
        fac={}
        for d,f,s,i in sel: fac[d]=fac.get(d,1)*f
        return fac
    def tile(i,t): return footprint(t,fac_of(loops[start[i]:]),st,dl)
    def partition(i,t): return footprint(t,fac_of([x for x in loops if not (x[2] and x[3]<i)]),st,dl)
    def util(i): return math.prod(f for d,f,s,j in loops if s and j<i)
    def fetches(i,t):
        """words delivered into one instance of level i for tensor t over the run"""
        T=tile(i,t)
        above=[(k,x) for k,x in enumerate(loops[:start[i]]) if not x[2]]
        # merge adjacent same-dim temporal loops with no same-dim spatial loop between
        merged=[]
        for k,x in above:
            if merged and merged[-1][1][0]==x[0] and not any(y[2] and y[0]==x[0] for y in loops[merged[-1][0]+1:k]):
                pk,px=merged[-1]; merged[-1]=(k,(x[0],px[1]*x[1],False,x[3]))
            else: merged.append((k,x))
        stripped=False
        while merged and merged[-1][1][0] not in REL[t]:
            merged.pop(); stripped=True
        if not merged:
            WHY[(i,t)]=f'{T} once'; return T
        k,(d,f,_,_)=merged[-1]
        outer=math.prod(x[1] for _,x in merged[:-1])
        if t=='inputs' and not stripped and d in ('P','Q','R','S'):
            inner=fac_of(loops[k+1:])          # everything the loop's index steps over (incl. spatial)
            tl=fac_of(loops[start[i]:])         # the per-instance tile
            g=lambda dd: inner.get(dd,1); h=lambda dd: tl.get(dd,1)
            if d in ('P','R'):
                ext=(h('P')-1)*st[0]+(h('R')-1)*dl[0]+1
                shift=g('P')*st[0] if d=='P' else g('R')*dl[0]
            else:
                ext=(h('Q')-1)*st[1]+(h('S')-1)*dl[1]+1
                shift=g('Q')*st[1] if d=='Q' else g('S')*dl[1]
            new=T//ext*min(ext,shift)
            WHY[(i,t)]=((f'{outer}x({T}+{f-1}x{new})' if outer>1 else f'{T}+{f-1}x{new}')+f' [{d}{f} slides]') if new<T else f'{outer*f}x{T}'
            return outer*(T+(f-1)*new)
        WHY[(i,t)]=f'{outer*f}x{T}'+(' [stationary under '+' '.join(x[0]+str(x[1]) for _,x in above[len(merged):])+']' if stripped else '')
        return outer*f*T
    def rel_spatial(a,b,t):  # spatial loops at levels a..b-1 relevant to t
        return math.prod(f for d,f,s,j in loops if s and a<=j<b and d in REL[t])
    res={}; WHY.clear()
    for i,l in enumerate(storage):
        res[l['name']]={}
        for t in ('weights','inputs','outputs'):
            if t not in keeps[i]: continue
            # child
            ch=next((j for j in range(i+1,len(storage)) if t in keeps[j]),None)
            outermost=not any(t in keeps[j] for j in range(i))
            if ch is None: down=cycles*rel_spatial(i,nC,t)
            else: down=fetches(ch,t)*rel_spatial(i,ch,t)
            part=partition(i,t)
            if ch is None:
                rs=rel_spatial(i,nC,t); dw=f'{cycles} MAC steps'+(f' x{rs}' if rs>1 else '')
            else:
                rs=rel_spatial(i,ch,t); fetches(ch,t); dw=f'{storage[ch]["name"]} ({WHY[(ch,t)]})'+(f' x{rs}' if rs>1 else '')
            if t=='outputs':
                U=down; R=U-part; F=0 if outermost else fetches(i,t)-part
                why=f'U = {dw}; R = U-{part}' + ('' if outermost else f'; F = ({WHY[(i,t)]})-{part}')
            else:
                R=down; U=0; F=0 if outermost else fetches(i,t)
                why=f'R = {dw}' + ('' if outermost else f'; F = {WHY[(i,t)]}')
            res[l['name']][t]=dict(why=why,reads=R,fills=F,updates=U,utilized_instances=util(i),partition_size=part,utilized_capacity=tile(i,t))
    # energy
    E=0.0; per={}
    for i,l in enumerate(storage):
        en={k:energy_val(v) for k,v in l['energy'].items()}; b=l.get('block_words',1)
        lk=en.get('leak',0)*cycles*util(i); E+=lk; per[l['name']]=lk
        for t,r in res[l['name']].items():
            e=(math.ceil(r['reads']/b)*en['read']+math.ceil(r['fills']/b)*en['write']+math.ceil(r['updates']/b)*en['update'])*r['utilized_instances']
            r['energy_pj']=e; E+=e; per[l['name']]+=e
    E+=macs*energy_val(compute['energy']['compute'])
    arr=math.prod(math.prod(l.get('array',[1,1])) for l in levels)
    return dict(macs=macs,cycles=cycles,utilization=macs/(arr*cycles),energy_pj=E,levels=res,per_level=per)

CASES=['ex01_os','ex01_ws','ex02_no-tiling','ex02_tiling','ex03_bypass','ex03_no-bypass','ex04_cp','ex04_kp',
       'ex05_baked','ex05_freebypass','simple_weight_stationary_default','simple_output_stationary_default','eyeriss_like']

def check(cases):
    bad=0
    for case in cases:
        r=run(case)
        X=yaml.safe_load(open(f'{FIX}/{case}/expected.yaml'))
        for k in ('macs','cycles','utilization'):
            if k in X and abs(X[k]-r[k])>1e-9: print(case,k,'expected',X[k],'got',r[k]); bad+=1
        if 'energy_pj' in X and abs(X['energy_pj']-r['energy_pj'])>1e-6*X['energy_pj']:
            print(case,'energy_pj expected',X['energy_pj'],'got',r['energy_pj']); bad+=1
        for L in X['levels']:
            for t,v in L['tensors'].items():
                g=r['levels'][L['name']].get(t)
                if g is None: print(case,L['name'],t,'not kept by the model'); bad+=1; continue
                for k,ev in v.items():
                    if k=='energy_pj':
                        if abs(ev-g[k])>1e-6*max(1,ev): print(case,L['name'],t,k,'expected',ev,'got',g[k]); bad+=1
                    elif ev!=g[k]: print(case,L['name'],t,k,'expected',ev,'got',g[k]); bad+=1
        print(case,'checked')
    print('mismatches:',bad)
    return bad

def table(cases):
    for c in cases:
        X=yaml.safe_load(open(f'{FIX}/{c}/expected.yaml')); r=run(c)
        M=yaml.safe_load(open(f'{FIX}/{c}/mapping.yaml'))['mapping']['default']
        nest=' -> '.join(e['level']+' '+' '.join(filter(None,[e.get('temporal',''),('spatial '+'/'.join(f"{k}:{v}" for k,v in e['spatial'].items())) if e.get('spatial') else '']))+(' keeps '+','.join(e['keeps']) if e.get('keeps') else '') for e in M)
        print(f"\n**{c}**: {nest}. Cycles {X['cycles']}, utilization {X['utilization']} (rules: {r['cycles']}, {r['utilization']}).\n")
        print('| level | tensor | util. inst. | Timeloop R / F / U | rules R / F / U | how the rules get it |')
        print('|---|---|---|---|---|---|')
        exp={(L['name'],t):v for L in X['levels'] for t,v in L['tensors'].items()}
        for n,v in r['levels'].items():
            for t,g in v.items():
                ev=exp.get((n,t),{})
                tl=' / '.join(str(ev.get(k,'-')) for k in ('reads','fills','updates'))
                gr=f"{g['reads']} / {g['fills']} / {g['updates']}"
                print(f"| {n} | {t} | {g['utilized_instances']} | {tl} | {'same' if gr==tl else gr} | {g['why']} |")

if __name__=='__main__':
    args=sys.argv[1:]
    if args[:1]==['--table']: table(args[1:] or CASES)
    else: sys.exit(1 if check(args or CASES) else 0)
