//! The reference report and the corpus of other units' reports, bundled so that a fresh store
//! shows real data of every shape.

/// (file name, contents) in the order they are imported: the earlier year first.
pub const BUNDLED: &[(&str, &str)] = &[
    ("quwo-2020.json", include_str!("../examples/quwo-2020.json")),
    ("quwo-2021.json", include_str!("../examples/quwo-2021.json")),
    ("corpus/01-qingshen-fgj-2023.json", include_str!("../examples/corpus/01-qingshen-fgj-2023.json")),
    ("corpus/02-daying-sfj-2023.json", include_str!("../examples/corpus/02-daying-sfj-2023.json")),
    ("corpus/03-honghe-sjfzzx-2024.json", include_str!("../examples/corpus/03-honghe-sjfzzx-2024.json")),
    ("corpus/04-baoshan-nyncj-2019.json", include_str!("../examples/corpus/04-baoshan-nyncj-2019.json")),
    ("corpus/05-yueyang-rwhzx-2016.json", include_str!("../examples/corpus/05-yueyang-rwhzx-2016.json")),
    ("corpus/06-yueyang-xinkai-2021.json", include_str!("../examples/corpus/06-yueyang-xinkai-2021.json")),
    ("corpus/07-huoqiu-jyj-2022.json", include_str!("../examples/corpus/07-huoqiu-jyj-2022.json")),
    ("corpus/08-leiyang-sizhong-2022.json", include_str!("../examples/corpus/08-leiyang-sizhong-2022.json")),
    ("corpus/09-kxc-rmtzx-2021.json", include_str!("../examples/corpus/09-kxc-rmtzx-2021.json")),
    ("corpus/10-zizhiqu-nyscfz-2021.json", include_str!("../examples/corpus/10-zizhiqu-nyscfz-2021.json")),
    ("corpus/11-zhalantun-nycyy-2022.json", include_str!("../examples/corpus/11-zhalantun-nycyy-2022.json")),
    ("corpus/12-unnamed-2018.json", include_str!("../examples/corpus/12-unnamed-2018.json")),
    ("corpus/13-xuchang-hhsx-2022.json", include_str!("../examples/corpus/13-xuchang-hhsx-2022.json")),
    ("corpus/14-zhouqu-erbyey-2023.json", include_str!("../examples/corpus/14-zhouqu-erbyey-2023.json")),
];
