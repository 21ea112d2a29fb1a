//! The scheduling parameters on disk: `progress/parameters.json` under the data directory, beside the
//! progress files.
//!
//! ```json
//! {"format":"kz-civics-parameters","version":1,"parameters":[0.212, ...21 numbers],
//!  "optimised":{"at":1748764800,"reviews":1234,"log_loss":0.31,"rmse_bins":0.021}}
//! ```
//!
//! `optimised` is `null` for the defaults. The file is written atomically ([`progress::write_atomic`]).
//! No file means the defaults. A file that cannot be used (not JSON, another format, a newer version,
//! not 21 numbers, a number that is not finite or outside its range) is refused: it is moved aside
//! under a timestamped name, never deleted, the defaults are used and the user is told.

use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::progress::{self, move_aside_file, progress_dir};
use crate::model::scheduler::{ParameterError, Parameters, Timestamp};

pub const FILE_NAME: &str = "parameters.json";
pub const FORMAT_NAME: &str = "kz-civics-parameters";
/// The version this app writes; it reads every version up to this one.
pub const FORMAT_VERSION: u32 = 1;

/// The parameters the scheduler uses, and where they came from.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SavedParameters {
    pub parameters: Parameters,
    /// When and on what they were optimised; `None` for the defaults.
    pub optimised: Option<OptimisedFrom>,
}

impl SavedParameters {
    /// "FSRS-6 defaults" or "optimised on 1,234 reviews (2025-06-01)".
    pub fn describe(&self) -> String {
        match &self.optimised {
            None if self.parameters.is_default() => "FSRS-6 defaults".to_owned(),
            None => "custom".to_owned(),
            Some(o) => {
                let (y, m, d) = progress::civil_from_days(o.at.div_euclid(86_400));
                format!("optimised on {} reviews ({y:04}-{m:02}-{d:02})", o.reviews)
            }
        }
    }
}

/// When parameters were optimised, on how many reviews, and how well they predicted them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct OptimisedFrom {
    pub at: Timestamp,
    pub reviews: usize,
    pub log_loss: f64,
    pub rmse_bins: f64,
}

/// Why a parameters file was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParametersFileError {
    #[error("{0}")]
    Json(String),
    #[error("it is not a KZ Civics parameters file (format {0:?})")]
    Format(String),
    #[error("it has format version {0}, and this version of KZ Civics reads versions 1 to {FORMAT_VERSION}")]
    Version(u32),
    #[error("{0}")]
    Parameters(#[from] ParameterError),
}

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    version: u32,
    parameters: &'a [f64],
    optimised: Option<OptimisedFrom>,
}

#[derive(Deserialize)]
struct FileHead {
    format: String,
    version: u32,
}

#[derive(Deserialize)]
struct FileIn {
    parameters: Vec<f64>,
    #[serde(default)]
    optimised: Option<OptimisedFrom>,
}

/// The path of the parameters file under the data directory `dir`.
pub fn path(dir: &Path) -> PathBuf {
    progress_dir(dir).join(FILE_NAME)
}

/// The text of the file.
pub fn to_json(saved: &SavedParameters) -> Vec<u8> {
    let out = FileOut {
        format: FORMAT_NAME,
        version: FORMAT_VERSION,
        parameters: saved.parameters.values(),
        optimised: saved.optimised,
    };
    // Finite numbers in plain structs always serialise.
    serde_json::to_vec_pretty(&out).unwrap_or_default()
}

/// Reads the file's text: the parameters, or why they are refused.
pub fn parse(bytes: &[u8]) -> Result<SavedParameters, ParametersFileError> {
    let head: FileHead = serde_json::from_slice(bytes).map_err(|e| ParametersFileError::Json(e.to_string()))?;
    if head.format != FORMAT_NAME {
        return Err(ParametersFileError::Format(head.format));
    }
    if head.version == 0 || head.version > FORMAT_VERSION {
        return Err(ParametersFileError::Version(head.version));
    }
    let file: FileIn = serde_json::from_slice(bytes).map_err(|e| ParametersFileError::Json(e.to_string()))?;
    let parameters = Parameters::new(&file.parameters)?;
    Ok(SavedParameters { parameters, optimised: file.optimised })
}

/// A parameters file that was refused.
#[derive(Debug, Clone, PartialEq)]
pub struct ParametersProblem {
    pub path: PathBuf,
    pub error: String,
    /// Where it was moved to; `None` if that failed too (then nothing must be saved over it).
    pub moved_to: Option<PathBuf>,
}

impl ParametersProblem {
    pub fn message(&self) -> String {
        match &self.moved_to {
            Some(to) => format!(
                "Your scheduling parameters, {}, could not be used ({}). It was moved to {} and scheduling uses \
                 the FSRS-6 defaults.",
                self.path.display(),
                self.error,
                to.display()
            ),
            None => format!(
                "Your scheduling parameters, {}, could not be used ({}), nor moved aside. Scheduling uses the \
                 FSRS-6 defaults, and parameters will not be saved in this session, so that the file stays as it is.",
                self.path.display(),
                self.error
            ),
        }
    }
}

/// What loading found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoadedParameters {
    pub saved: SavedParameters,
    pub problem: Option<ParametersProblem>,
}

impl LoadedParameters {
    /// Whether saving may go ahead: there was no problem, or the refused file was moved out of the way.
    pub fn can_save(&self) -> bool {
        self.problem.as_ref().is_none_or(|p| p.moved_to.is_some())
    }
}

/// Loads the parameters under the data directory `dir`: the defaults when there is no file; a file
/// that is refused is moved aside and reported.
pub fn load(dir: &Path, now: Timestamp) -> LoadedParameters {
    let path = path(dir);
    let error = match std::fs::read(&path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return LoadedParameters::default(),
        Err(e) => e.to_string(),
        Ok(bytes) => match parse(&bytes) {
            Ok(saved) => return LoadedParameters { saved, problem: None },
            Err(e) => e.to_string(),
        },
    };
    let moved_to = move_aside_file(&path, now);
    LoadedParameters { saved: SavedParameters::default(), problem: Some(ParametersProblem { path, error, moved_to }) }
}

/// Saves the parameters under the data directory `dir`, atomically.
pub fn save(dir: &Path, saved: &SavedParameters) -> io::Result<()> {
    progress::write_atomic(&path(dir), &to_json(saved))
}
