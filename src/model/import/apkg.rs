//! Anki packages (`.apkg`, and whole collections `.colpkg`): a zip archive holding an SQLite
//! collection, `collection.anki21b` (zstd-compressed, Anki 2.1.50 and later), `collection.anki21` or
//! `collection.anki2` (older Anki), read in that order of preference, and media files, which are
//! counted and not imported.
//!
//! The package is only read: the collection is copied out of the archive to a temporary file (SQLite
//! needs a file), opened read-only, and the copy removed. Each note becomes a row: its first field the
//! front, its second the back, its tags kept, its deck's name noted (a package of one deck gives the
//! deck its title). Notes of a cloze note type become one card per deletion, with the second field
//! ("Back Extra") as the card's note. Fields are HTML in Anki and are turned into plain text.

use std::collections::HashMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rusqlite::{Connection, OpenFlags};

use super::{Column, Format, ImportError, Row, Table};

/// Collections larger than this once uncompressed are refused (a guard against zip bombs).
const MAX_COLLECTION_BYTES: u64 = 1024 * 1024 * 1024;

/// Reads an Anki package into a table.
pub fn read(path: &Path) -> Result<Table, ImportError> {
    let name = path.display().to_string();
    let not_this = |message: String| ImportError::NotFormat { file: name.clone(), format: Format::Apkg, message };
    let file = File::open(path).map_err(|e| ImportError::Unreadable(format!("{name}: cannot read the file: {e}")))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| not_this(format!("it is not a zip archive ({e})")))?;
    let media_skipped =
        archive.file_names().flatten().filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).count();
    let entry = ["collection.anki21b", "collection.anki21", "collection.anki2"]
        .into_iter()
        .find(|n| archive.index_for_name(n).is_some())
        .ok_or_else(|| {
            not_this("the archive holds no Anki collection (collection.anki21b, .anki21 or .anki2)".to_owned())
        })?;
    let mut bytes = Vec::new();
    {
        let zipped = archive.by_name(entry).map_err(|e| not_this(format!("cannot read {entry}: {e}")))?;
        let read = if entry.ends_with('b') {
            zstd::stream::read::Decoder::new(zipped)
                .and_then(|d| d.take(MAX_COLLECTION_BYTES + 1).read_to_end(&mut bytes))
        } else {
            zipped.take(MAX_COLLECTION_BYTES + 1).read_to_end(&mut bytes)
        };
        read.map_err(|e| not_this(format!("cannot unpack {entry}: {e}")))?;
    }
    if bytes.len() as u64 > MAX_COLLECTION_BYTES {
        return Err(not_this(format!("{entry} is over {} MiB unpacked", MAX_COLLECTION_BYTES >> 20)));
    }
    if !bytes.starts_with(b"SQLite format 3\0") {
        return Err(not_this(format!("{entry} is not an SQLite database")));
    }
    let copy = TempCopy::new(&bytes).map_err(|e| {
        ImportError::Unreadable(format!("{name}: cannot unpack the collection to a temporary file: {e}"))
    })?;
    drop(bytes);
    let db =
        Connection::open_with_flags(&copy.path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
            .map_err(|e| not_this(format!("cannot open the collection: {e}")))?;
    let mut table = read_collection(&db).map_err(|e| not_this(format!("cannot read the collection: {e}")))?;
    table.media_skipped = media_skipped;
    Ok(table)
}

/// A note type: whether it is a cloze type.
#[derive(Debug, Clone, Copy, Default)]
struct NoteType {
    cloze: bool,
}

fn read_collection(db: &Connection) -> rusqlite::Result<Table> {
    let has_table = |t: &str| -> rusqlite::Result<bool> {
        db.query_row("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1", [t], |r| {
            r.get::<_, i64>(0)
        })
        .map(|n| n > 0)
    };
    let (types, decks) = if has_table("notetypes")? { modern_types(db)? } else { legacy_types(db)? };
    let mut stmt = db.prepare(
        "SELECT n.mid, n.tags, n.flds, (SELECT c.did FROM cards c WHERE c.nid = n.id ORDER BY c.ord LIMIT 1) \
         FROM notes n ORDER BY n.id",
    )?;
    let mut rows = stmt.query([])?;
    let mut table = Table {
        columns: vec![Column::Front, Column::Back, Column::Tags, Column::Deck],
        labels: vec!["first field".into(), "second field".into(), "tags".into(), "deck".into()],
        html: true,
        ..Table::default()
    };
    let mut number = 0;
    while let Some(row) = rows.next()? {
        number += 1;
        let mid: i64 = row.get(0)?;
        let tags: String = row.get(1)?;
        let fields: String = row.get(2)?;
        let deck: Option<i64> = row.get(3)?;
        let mut cells: Vec<String> = fields.split('\x1f').take(2).map(str::to_owned).collect();
        let cloze = types.get(&mid).is_some_and(|t| t.cloze);
        if cells.len() == 2 || cloze {
            cells.resize(2, String::new());
            cells.push(tags.trim().to_owned());
            cells.push(deck.and_then(|d| decks.get(&d).cloned()).unwrap_or_default());
        }
        table.rows.push(Row { line: number, fields: cells, cloze });
    }
    Ok(table)
}

type Types = (HashMap<i64, NoteType>, HashMap<i64, String>);

/// Note types and deck names of the current schema (Anki 2.1.28 and later): tables `notetypes`
/// (with a protobuf `config` whose field 1 is the kind, 1 for cloze) and `decks`.
fn modern_types(db: &Connection) -> rusqlite::Result<Types> {
    let mut types = HashMap::new();
    let mut stmt = db.prepare("SELECT id, config FROM notetypes")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let config: Vec<u8> = r.get(1)?;
        types.insert(id, NoteType { cloze: protobuf_varint_field(&config, 1) == Some(1) });
    }
    let mut decks = HashMap::new();
    let mut stmt = db.prepare("SELECT id, name FROM decks")?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let name: String = r.get(1)?;
        decks.insert(id, name.replace('\x1f', "::"));
    }
    Ok((types, decks))
}

/// Note types and deck names of the legacy schema: JSON in the `col` table's `models` (`"type": 1`
/// for cloze) and `decks` columns.
fn legacy_types(db: &Connection) -> rusqlite::Result<Types> {
    let (models, decks): (String, String) =
        db.query_row("SELECT models, decks FROM col", [], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let models: HashMap<String, serde_json::Value> = serde_json::from_str(&models).unwrap_or_default();
    let types = models
        .iter()
        .filter_map(|(id, m)| {
            let cloze = m.get("type").and_then(serde_json::Value::as_i64) == Some(1);
            Some((id.parse().ok()?, NoteType { cloze }))
        })
        .collect();
    let decks: HashMap<String, serde_json::Value> = serde_json::from_str(&decks).unwrap_or_default();
    let decks =
        decks.iter().filter_map(|(id, d)| Some((id.parse().ok()?, d.get("name")?.as_str()?.to_owned()))).collect();
    Ok((types, decks))
}

/// The value of varint field `number` at the top level of a protobuf message, if it is there.
fn protobuf_varint_field(mut bytes: &[u8], number: u64) -> Option<u64> {
    fn varint(bytes: &mut &[u8]) -> Option<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let (&b, rest) = bytes.split_first()?;
            *bytes = rest;
            value |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Some(value);
            }
        }
        None
    }
    while !bytes.is_empty() {
        let key = varint(&mut bytes)?;
        let (field, wire) = (key >> 3, key & 7);
        match wire {
            0 => {
                let v = varint(&mut bytes)?;
                if field == number {
                    return Some(v);
                }
            }
            1 => bytes = bytes.get(8..)?,
            2 => {
                let len = usize::try_from(varint(&mut bytes)?).ok()?;
                bytes = bytes.get(len..)?;
            }
            5 => bytes = bytes.get(4..)?,
            _ => return None,
        }
    }
    None
}

/// A temporary copy of the collection, removed when dropped.
struct TempCopy {
    path: PathBuf,
}

impl TempCopy {
    fn new(bytes: &[u8]) -> std::io::Result<Self> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir();
        loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(format!("kz-civics-import-{}-{n}.anki2", std::process::id()));
            match std::fs::OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut f) => {
                    let copy = TempCopy { path };
                    std::io::Write::write_all(&mut f, bytes)?;
                    return Ok(copy);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
    }
}

impl Drop for TempCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::protobuf_varint_field;

    #[test]
    fn reads_a_varint_field_past_others() {
        // field 2 (bytes "ab"), field 1 = 1
        assert_eq!(protobuf_varint_field(&[0x12, 2, b'a', b'b', 0x08, 1], 1), Some(1));
        assert_eq!(protobuf_varint_field(&[0x12, 2, b'a', b'b'], 1), None);
        assert_eq!(protobuf_varint_field(&[0x12, 9], 1), None);
    }
}
