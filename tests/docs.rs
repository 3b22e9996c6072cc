//! The repository's documents are cited from the code, the README and each
//! other ("see `docs/clocks.md`, \"Counting\""). This test walks every Rust,
//! Markdown, TOML, template and script file in the repository and fails on
//! any cited `.md` file that does not exist in it, on any quoted section
//! title or `#anchor` that the cited document has no heading for, and so
//! stops references to documents kept elsewhere, or since renamed, from
//! creeping back in. It also holds the dependency picture in
//! `docs/architecture.md` to the crates' manifests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::path::{Path, PathBuf};

/// Folders that are not the project's own text: version control, build
/// output and installed packages.
const SKIPPED_DIRS: &[&str] = &[".git", "target", "node_modules"];

/// The kinds of file that cite documents.
const CITING: &[&str] = &["rs", "md", "toml", "html", "js", "mjs"];

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if !SKIPPED_DIRS.contains(&name.as_str()) {
                files(&path, out);
            }
        } else {
            out.push(path);
        }
    }
}

/// A document cited in a file: the path as written, and a section title or
/// anchor when one follows it.
#[derive(Debug, PartialEq, Eq)]
struct Citation {
    line: usize,
    path: String,
    section: Option<String>,
    anchor: Option<String>,
}

fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '/' | '-')
}

/// `text` without the spaces, line breaks and comment markers (`//!`,
/// `///`, `//`) at its start: a citation's section may be on the next line.
fn skip_comment_space(mut text: &str) -> &str {
    loop {
        let trimmed = text
            .trim_start()
            .trim_start_matches("//!")
            .trim_start_matches("///")
            .trim_start_matches("//");
        if trimmed.len() == text.len() {
            return text;
        }
        text = trimmed;
    }
}

/// Every Markdown file named in `text`, with the `"Section"` quoted after it
/// (as in `docs/clocks.md`, "Counting") or the `#anchor` of a link.
/// Addresses on other sites (`https://...`) are not the repository's.
fn citations(text: &str) -> Vec<Citation> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices(".md") {
        let end = at + ".md".len();
        let after = &text[end..];
        if after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_') {
            continue; // `.mdx`, `.md_file`: not a Markdown path
        }
        let start = text[..at]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_path_char(c))
            .last()
            .map_or(at, |(i, _)| i);
        let path = &text[start..end];
        if path == ".md" || path.starts_with("//") || text[..start].ends_with(':') {
            continue;
        }
        let anchor = after.strip_prefix('#').map(|rest| {
            rest.chars()
                .take_while(|&c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                .collect::<String>()
        });
        let section = after
            .trim_start_matches('`')
            .trim_start_matches(')')
            .strip_prefix(',')
            .map(skip_comment_space)
            .and_then(|rest| rest.strip_prefix('"'))
            .and_then(|rest| rest.split_once('"'))
            .map(|(title, _)| {
                // A title may wrap onto the next comment line.
                title
                    .split_whitespace()
                    .filter(|w| !matches!(*w, "//!" | "///" | "//"))
                    .collect::<Vec<_>>()
                    .join(" ")
            });
        out.push(Citation {
            line: text[..start].matches('\n').count() + 1,
            path: path.to_owned(),
            section,
            anchor,
        });
    }
    out
}

/// The headings of a Markdown document.
fn headings(doc: &str) -> Vec<String> {
    doc.lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim().to_owned())
        .filter(|h| !h.is_empty())
        .collect()
}

/// A heading's anchor as GitHub makes it: lower case, spaces to hyphens,
/// other punctuation dropped.
fn slug(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
            _ => None,
        })
        .collect()
}

/// The cited file: from the repository root, from the citing file's folder,
/// or from its crate's root (the nearest folder above with a `Cargo.toml`),
/// a leading `/` (a URL path) ignored; a bare file name may be anywhere in
/// the repository.
fn resolve(root: &Path, citing: &Path, cited: &str, all: &[PathBuf]) -> Option<PathBuf> {
    let cited = cited.trim_start_matches("./").trim_start_matches('/');
    let dir = citing.parent().unwrap();
    let crate_root = dir
        .ancestors()
        .find(|d| d.join("Cargo.toml").is_file())
        .unwrap_or(root);
    for base in [root, dir, crate_root] {
        let candidate = base.join(cited);
        if candidate.is_file() {
            return Some(candidate);
        }
    }
    if !cited.contains('/') {
        return all
            .iter()
            .find(|p| p.file_name().is_some_and(|n| n == cited))
            .cloned();
    }
    None
}

#[test]
fn every_document_cited_exists_with_the_section_cited() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut all = Vec::new();
    files(root, &mut all);
    let mut problems = Vec::new();
    let mut checked = 0;
    for file in &all {
        let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
        // Vendored scripts are not ours to cite from; their notes are.
        let vendored = file.components().any(|c| c.as_os_str() == "vendor");
        if !CITING.contains(&ext) || (vendored && ext != "md") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let shown = file.strip_prefix(root).unwrap().display();
        for c in citations(&text) {
            checked += 1;
            let Some(target) = resolve(root, file, &c.path, &all) else {
                problems.push(format!(
                    "{shown}:{}: cites {}, which is not in the repository",
                    c.line, c.path
                ));
                continue;
            };
            let heads = headings(&std::fs::read_to_string(&target).unwrap());
            if let Some(section) = &c.section
                && !heads.iter().any(|h| h == section)
            {
                problems.push(format!(
                    "{shown}:{}: cites {}, \"{section}\", which has no such heading",
                    c.line, c.path
                ));
            }
            if let Some(anchor) = &c.anchor
                && !heads.iter().any(|h| slug(h) == *anchor)
            {
                problems.push(format!(
                    "{shown}:{}: links to {}#{anchor}, which has no such heading",
                    c.line, c.path
                ));
            }
        }
    }
    assert!(checked > 20, "the walk found the citations ({checked})");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn citations_are_found_with_their_sections_and_anchors() {
    // Built at run time, so that the walk above does not read these
    // made-up names as citations.
    let md = |name: &str| format!("{name}.md");
    let text = format!(
        "see `{}`, \"Access and\n//! audit\"; [x]({}#counting); {} and https://example.org/{}; a.mdx; ({},\n/// \"Time\")",
        md("docs/architecture"),
        md("clocks"),
        md("/assets/vendor/VENDOR"),
        md("README"),
        md("docs/architecture"),
    );
    let found = citations(&text);
    assert_eq!(
        found,
        vec![
            Citation {
                line: 1,
                path: md("docs/architecture"),
                section: Some("Access and audit".into()),
                anchor: None,
            },
            Citation {
                line: 2,
                path: md("clocks"),
                section: None,
                anchor: Some("counting".into()),
            },
            Citation {
                line: 2,
                path: md("/assets/vendor/VENDOR"),
                section: None,
                anchor: None,
            },
            Citation {
                line: 2,
                path: md("docs/architecture"),
                section: Some("Time".into()),
                anchor: None,
            },
        ]
    );
    assert_eq!(
        slug("Dependencies point one way"),
        "dependencies-point-one-way"
    );
    assert_eq!(slug("Where a clock stands"), "where-a-clock-stands");
}

/// The Hearth crates a package's `Cargo.toml` lists under `[dependencies]`
/// (test-only dependencies are not arrows between the layers).
fn hearth_dependencies(manifest: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_dependencies = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_dependencies = line == "[dependencies]";
        } else if in_dependencies && let Some(rest) = line.strip_prefix("hearth-") {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            out.push(name);
        }
    }
    out.sort();
    out
}

/// `docs/architecture.md` draws the dependencies between the crates; they
/// must be the ones the manifests declare, so the picture cannot drift from
/// the build.
#[test]
fn the_architecture_document_draws_the_dependencies_the_manifests_declare() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/architecture.md")).unwrap();
    let drawn: Vec<(String, Vec<String>)> = doc
        .lines()
        .filter_map(|l| l.split_once(" ──► "))
        .map(|(from, to)| {
            let from = from.split_whitespace().next().unwrap().to_owned();
            let mut to: Vec<String> = to
                .split(", ")
                .filter(|t| !t.starts_with('('))
                .map(str::to_owned)
                .collect();
            to.sort();
            (from, to)
        })
        .collect();
    let mut declared = vec![(
        "hearth".to_owned(),
        hearth_dependencies(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap()),
    )];
    for entry in std::fs::read_dir(root.join("crates")).unwrap() {
        let dir = entry.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        declared.push((name, hearth_dependencies(&manifest)));
    }
    let mut drawn_sorted = drawn.clone();
    drawn_sorted.sort();
    declared.sort();
    assert_eq!(drawn_sorted, declared);
}
