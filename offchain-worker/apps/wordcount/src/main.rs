//! `wordcount`: counts the words of the task's dataset (`/in/dataset`) and
//! of the requester's input files (every other file of `/in`), and prints
//! the total and the ten most frequent words, ties by alphabetical order.
//! Writes the total to `/out/callback`.

use std::collections::BTreeMap;

fn main() {
	let mut names: Vec<String> = match std::fs::read_dir("/in") {
		Ok(entries) => entries.filter_map(|entry| entry.ok()?.file_name().into_string().ok()).collect(),
		Err(e) => {
			eprintln!("wordcount cannot list /in: {e}");
			std::process::exit(2);
		},
	};
	if names.is_empty() {
		eprintln!("wordcount needs a dataset (/in/dataset) or input files");
		std::process::exit(2);
	}
	// The order does not change the counts; sorted, the reads are the same
	// on every host.
	names.sort();
	let mut counts: BTreeMap<String, u64> = BTreeMap::new();
	for name in &names {
		let text = match std::fs::read(format!("/in/{name}")) {
			Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
			Err(e) => {
				eprintln!("wordcount cannot read /in/{name}: {e}");
				std::process::exit(2);
			},
		};
		for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
			*counts.entry(word.to_lowercase()).or_default() += 1;
		}
	}
	let total: u64 = counts.values().sum();
	let mut ranked: Vec<(&String, &u64)> = counts.iter().collect();
	ranked.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
	println!("words {total} distinct {}", counts.len());
	for (word, count) in ranked.into_iter().take(10) {
		println!("{count:>8} {word}");
	}
	std::fs::write("/out/callback", total.to_string()).expect("/out is writable");
}
