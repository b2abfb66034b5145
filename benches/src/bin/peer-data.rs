//! Writes the data of the peer benchmark's task (d) as COINr tables, for
//! `thb uncertainty --config examples/configs/ua_peer_design.json`:
//!
//! ```sh
//! cargo run -p thb-benches --bin peer-data -- 200x50 target/peer
//! thb uncertainty --framework target/peer/peer_200x50_imeta.csv \
//!     --data target/peer/peer_200x50_idata.csv --config examples/configs/ua_peer_design.json
//! ```
#![allow(clippy::print_stderr)] // a command-line tool reports what it wrote

use std::path::PathBuf;
use std::process::ExitCode;

use thb_benches::PeerData;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [size, dir] = args.as_slice() else {
        eprintln!("usage: peer-data NxM DIR   (e.g. peer-data 200x50 target/peer)");
        return ExitCode::from(2);
    };
    let Some((n, m)) = size
        .split_once('x')
        .and_then(|(n, m)| Some((n.parse::<usize>().ok()?, m.parse::<usize>().ok()?)))
    else {
        eprintln!("peer-data: `{size}` is not a size NxM");
        return ExitCode::from(2);
    };
    let data = PeerData::new(n, m);
    let dir = PathBuf::from(dir);
    let imeta = dir.join(format!("peer_{size}_imeta.csv"));
    let idata = dir.join(format!("peer_{size}_idata.csv"));
    let written = std::fs::create_dir_all(&dir)
        .and_then(|()| std::fs::write(&imeta, data.imeta_csv()))
        .and_then(|()| std::fs::write(&idata, data.idata_csv()));
    if let Err(e) = written {
        eprintln!("peer-data: cannot write into {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    eprintln!("wrote {} and {}", imeta.display(), idata.display());
    ExitCode::SUCCESS
}
