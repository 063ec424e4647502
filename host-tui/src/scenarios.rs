//! The built-in scenarios of the paper (docs/model.md §5), as config files compiled in.

/// A built-in scenario: a name and the text of its config file.
#[derive(Debug)]
pub struct Scenario {
    /// What `--scenario` takes.
    pub name: &'static str,
    /// The config file; its first line is `# description`.
    pub toml: &'static str,
}

impl Scenario {
    /// The one-line description (the config's first comment).
    pub fn description(&self) -> &'static str {
        self.toml
            .lines()
            .next()
            .unwrap_or("")
            .trim_start_matches('#')
            .trim()
    }
}

macro_rules! scenarios {
    ($($name:literal),* $(,)?) => {
        /// Every built-in scenario, the default first.
        pub const ALL: &[Scenario] = &[
            $(Scenario { name: $name, toml: include_str!(concat!("../scenarios/", $name, ".toml")) }),*
        ];
    };
}

scenarios!(
    "fig3-g1-1.5",
    "fig3-g1-2.25",
    "fig3-g1-2.65",
    "fig3-clean-1",
    "fig3-clean-2",
    "fig3-clean-3",
    "fig6-t0",
    "fig6-t1",
    "switch-off",
    "switch-on",
    "random-chaos",
);

/// The scenario run when none is named.
pub const DEFAULT: &str = "fig3-g1-1.5";

/// The scenario called `name`, or an error listing the names.
pub fn find(name: &str) -> Result<&'static Scenario, String> {
    ALL.iter().find(|s| s.name == name).ok_or_else(|| {
        let names: Vec<_> = ALL.iter().map(|s| s.name).collect();
        format!(
            "--scenario: no scenario named {name:?}; choose one of {}",
            names.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use mrnn_core::config::Config;

    #[test]
    fn every_scenario_parses_and_validates() {
        for s in ALL {
            let c = Config::from_toml_str(s.toml).unwrap_or_else(|e| panic!("{}: {e}", s.name));
            assert!(!s.description().is_empty(), "{}", s.name);
            assert!(c.regions >= 1);
        }
        assert!(find(DEFAULT).is_ok());
        assert!(find("nope").unwrap_err().contains("fig6-t0"));
    }
}
