//! `wordcount`: counts the words of the task's dataset (`/in/dataset`) and
//! prints the total and the ten most frequent words, ties by alphabetical
//! order. Writes the total to `/out/callback`.

use std::collections::BTreeMap;

fn main() {
	let text = match std::fs::read("/in/dataset") {
		Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
		Err(e) => {
			eprintln!("wordcount needs a dataset: /in/dataset: {e}");
			std::process::exit(2);
		},
	};
	let mut counts: BTreeMap<String, u64> = BTreeMap::new();
	for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
		*counts.entry(word.to_lowercase()).or_default() += 1;
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
