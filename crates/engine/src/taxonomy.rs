//! Placard's kinds in other event ontologies: PLOVER (event type, mode) and
//! ACLED (event type, sub-event type), read from the embedded
//! `data/taxonomy.toml` so the mapping grows as data, not code.

use crate::model::Kind;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

const TAXONOMY_TOML: &str = include_str!("../../../data/taxonomy.toml");

/// One kind's codes in the other ontologies, or one mode's overrides.
#[derive(Clone, Debug, Default, Deserialize)]
struct Codes {
    plover_event: Option<String>,
    plover_mode: Option<String>,
    acled_event_type: Option<String>,
    acled_sub_event_type: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RawKind {
    kind: String,
    #[serde(flatten)]
    codes: Codes,
    #[serde(default)]
    modes: BTreeMap<String, Codes>,
}

#[derive(Debug, Deserialize)]
struct RawTaxonomy {
    kind: Vec<RawKind>,
}

/// A PLOVER event type and mode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PloverCode {
    /// The event type ("PROTEST", "COERCE").
    pub event: String,
    /// The mode ("demonstrate", "arrest"), when the type has one here.
    pub mode: Option<String>,
}

/// An ACLED event type and sub-event type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AcledCode {
    /// "Protests", "Riots" or "Strategic developments".
    pub event_type: String,
    /// "Peaceful protest", "Protest with intervention", "Arrests" …
    pub sub_event_type: String,
}

/// The mapping of every kind.
#[derive(Debug)]
pub struct Taxonomy {
    kinds: BTreeMap<Kind, RawKind>,
}

/// How a protest was answered, which decides its ACLED sub-event type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Answers {
    /// A force event answers it.
    pub force: bool,
    /// A police action or an arrest answers it.
    pub intervention: bool,
}

impl Taxonomy {
    /// The mapping embedded from `data/taxonomy.toml`.
    ///
    /// ```
    /// use placard_engine::taxonomy::{Answers, Taxonomy};
    /// use placard_engine::Kind;
    /// let taxonomy = Taxonomy::builtin();
    /// assert_eq!(taxonomy.plover(Kind::Arrest, None).mode.as_deref(), Some("arrest"));
    /// let answered = Answers { force: true, intervention: true };
    /// assert_eq!(
    ///     taxonomy.acled(Kind::Protest, Some("march"), answered).sub_event_type,
    ///     "Excessive force against protesters"
    /// );
    /// ```
    pub fn builtin() -> &'static Taxonomy {
        static BUILTIN: OnceLock<Taxonomy> = OnceLock::new();
        BUILTIN.get_or_init(|| {
            Taxonomy::parse(TAXONOMY_TOML).unwrap_or_else(|error| {
                // The embedded file is checked by a test; an engine never
                // fails on its own data at run time.
                debug_assert!(false, "data/taxonomy.toml: {error}");
                Taxonomy {
                    kinds: BTreeMap::new(),
                }
            })
        })
    }

    fn parse(text: &str) -> Result<Taxonomy, String> {
        let raw: RawTaxonomy = toml::from_str(text).map_err(|error| error.to_string())?;
        let mut kinds = BTreeMap::new();
        for entry in raw.kind {
            let kind =
                Kind::parse(&entry.kind).ok_or_else(|| format!("unknown kind {:?}", entry.kind))?;
            if entry.codes.plover_event.is_none() {
                return Err(format!("{kind}: no plover_event"));
            }
            kinds.insert(kind, entry);
        }
        match Kind::ALL.iter().find(|kind| !kinds.contains_key(kind)) {
            Some(missing) => Err(format!("no mapping for {missing}")),
            None => Ok(Taxonomy { kinds }),
        }
    }

    /// A field of `kind`'s codes, the mode's override first.
    fn field(
        &self,
        kind: Kind,
        mode: Option<&str>,
        pick: impl Fn(&Codes) -> Option<&String>,
    ) -> Option<String> {
        let entry = self.kinds.get(&kind)?;
        mode.and_then(|mode| entry.modes.get(mode))
            .and_then(&pick)
            .or_else(|| pick(&entry.codes))
            .cloned()
    }

    /// The PLOVER event type and mode of a kind and mode.
    pub fn plover(&self, kind: Kind, mode: Option<&str>) -> PloverCode {
        PloverCode {
            event: self
                .field(kind, mode, |codes| codes.plover_event.as_ref())
                .unwrap_or_else(|| kind.as_str().to_uppercase()),
            mode: self.field(kind, mode, |codes| codes.plover_mode.as_ref()),
        }
    }

    /// The ACLED event type and sub-event type of a kind and mode; for a
    /// protest (not a riot), the answers to it decide the sub-event type.
    pub fn acled(&self, kind: Kind, mode: Option<&str>, answers: Answers) -> AcledCode {
        let mut code = AcledCode {
            event_type: self
                .field(kind, mode, |codes| codes.acled_event_type.as_ref())
                .unwrap_or_else(|| "Strategic developments".into()),
            sub_event_type: self
                .field(kind, mode, |codes| codes.acled_sub_event_type.as_ref())
                .unwrap_or_else(|| "Other".into()),
        };
        if kind == Kind::Protest && code.event_type == "Protests" {
            if answers.force {
                code.sub_event_type = "Excessive force against protesters".into();
            } else if answers.intervention {
                code.sub_event_type = "Protest with intervention".into();
            }
        }
        code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_maps_every_kind_as_design_says() {
        let taxonomy = Taxonomy::parse(TAXONOMY_TOML).unwrap();
        let plover = |kind, mode| {
            let code = taxonomy.plover(kind, mode);
            format!("{}/{}", code.event, code.mode.unwrap_or_default())
        };
        // DESIGN.md's taxonomy table.
        assert_eq!(plover(Kind::Protest, Some("picket")), "PROTEST/demonstrate");
        assert_eq!(
            plover(Kind::Protest, Some("hunger_strike")),
            "PROTEST/hunger"
        );
        assert_eq!(plover(Kind::PermitRequest, None), "REQUEST/");
        assert_eq!(plover(Kind::PermitRefused, None), "REJECT/");
        assert_eq!(plover(Kind::PermitGranted, None), "AGREE/");
        assert_eq!(plover(Kind::Ban, None), "COERCE/restrict");
        assert_eq!(
            plover(Kind::PoliceAction, Some("cordon")),
            "COERCE/restrict"
        );
        assert_eq!(plover(Kind::Arrest, None), "COERCE/arrest");
        assert_eq!(plover(Kind::Force, Some("chemical")), "ASSAULT/beat");
        assert_eq!(plover(Kind::Force, Some("firearms")), "ASSAULT/firearms");
        assert_eq!(plover(Kind::OfficialMeeting, None), "CONSULT/");
        // ACLED: the answers decide a protest's sub-event; riots are riots.
        let acled = |kind, mode, answers| {
            let code = taxonomy.acled(kind, mode, answers);
            format!("{} / {}", code.event_type, code.sub_event_type)
        };
        let none = Answers::default();
        let arrested = Answers {
            force: false,
            intervention: true,
        };
        let beaten = Answers {
            force: true,
            intervention: true,
        };
        assert_eq!(
            acled(Kind::Protest, Some("march"), none),
            "Protests / Peaceful protest"
        );
        assert_eq!(
            acled(Kind::Protest, None, arrested),
            "Protests / Protest with intervention"
        );
        assert_eq!(
            acled(Kind::Protest, Some("demo"), beaten),
            "Protests / Excessive force against protesters"
        );
        assert_eq!(
            acled(Kind::Protest, Some("riot"), beaten),
            "Riots / Violent demonstration"
        );
        assert_eq!(
            acled(Kind::Arrest, None, none),
            "Strategic developments / Arrests"
        );
    }

    #[test]
    fn a_table_missing_a_kind_is_refused() {
        let error = Taxonomy::parse("[[kind]]\nkind = \"protest\"\nplover_event = \"PROTEST\"\n")
            .unwrap_err();
        assert!(error.starts_with("no mapping for"), "{error}");
        let error = Taxonomy::parse("[[kind]]\nkind = \"uprising\"\n").unwrap_err();
        assert_eq!(error, "unknown kind \"uprising\"");
    }
}
