//! Config parsing and validation.

use super::*;

const GOOD: &str = r#"
regions = 2
neurons = 64
disorder = [1.5, 0.0]
[interactions]
u = [1.5, -1.6]
h = [-0.4, -0.5]
silence = [2]
"#;

#[test]
fn a_good_config_becomes_params() {
    let c = Config::from_toml_str(GOOD).unwrap();
    let p = c.params::<2>().unwrap();
    assert_eq!(p.disorder, [1.5, 0.0]);
    assert!(p.silenced[1] && !p.silenced[0]);
    assert_eq!(c.steps(), 2000);
}

#[test]
fn errors_name_the_field() {
    let cases = [
        (
            GOOD.replace("disorder", "disorderr"),
            "unknown field `disorderr`",
        ),
        (
            GOOD.replace("[1.5, 0.0]", "[1.5]"),
            "disorder: has 1 values",
        ),
        (
            GOOD.replace("silence = [2]", "silence = [3]"),
            "interactions.silence: region 3",
        ),
        (
            GOOD.replace("h = [-0.4, -0.5]", ""),
            "interactions.h: missing",
        ),
        (
            GOOD.replace("neurons = 64", "neurons = 64\ndt = 0.0"),
            "dt: is 0",
        ),
        (
            GOOD.replace("neurons = 64", "neurons = 64\nevery = 0"),
            "every: must be at least 1",
        ),
    ];
    for (text, expected) in cases {
        let e = Config::from_toml_str(&text).unwrap_err().to_string();
        assert!(e.contains(expected), "{e:?} lacks {expected:?}");
    }
}

#[test]
fn non_spd_overlaps_are_reported_per_region() {
    let text = GOOD.replace(
        "silence = [2]",
        "overlaps = [[[1, 0], [0, 1]], [[1, 2], [2, 1]]]",
    );
    let c = Config::from_toml_str(&text).unwrap();
    let e = c.params::<2>().unwrap_err();
    assert_eq!(e.field, "interactions.overlaps");
    assert!(e.message.contains("region 2"), "{e}");
}
