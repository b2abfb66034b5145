//! Embedding the library in a front end: one function, JSON in, JSON out.
//!
//! A web or desktop front end sends a framework, a dataset (both in the native JSON form,
//! `"schema": 1`) and a pipeline spec; it gets back the scores and ranks, or a structured error
//! with every problem found. Run with `cargo run -p thb-examples --example json_api`.

#![allow(clippy::print_stdout, clippy::print_stderr)] // examples talk to the person running them

use serde_json::{Value, json};
use thb_index::model::Location;
use thb_index::model::io::json::{
    read_dataset_json_str, read_framework_json_str, write_dataset_json, write_framework_json,
};
use thb_index::{IndexSpec, ModelError, Pipeline};

/// Scores a request `{"framework": {...}, "data": {...}, "spec": {...}}`.
///
/// Answers `{"period": ..., "units": [{"unit", "score", "rank", "nodes": {code: score}}]}` or
/// `{"error": {"message": ..., "problems": [{"kind", "unit", "indicator", "message"}]}}`.
pub fn score_json(request: &str) -> String {
    match score(request) {
        Ok(v) => v.to_string(),
        Err(e) => json!({ "error": e }).to_string(),
    }
}

fn score(request: &str) -> Result<Value, Value> {
    let fail = |message: String| json!({ "message": message, "problems": [] });
    let problems = |e: ModelError| match e {
        ModelError::Invalid { issues } => json!({
            "message": format!("{} problem(s) found", issues.len()),
            "problems": issues.iter().map(|i| json!({
                "kind": format!("{:?}", i.kind).to_lowercase(),
                "unit": i.unit, "indicator": i.indicator, "message": i.message,
            })).collect::<Vec<_>>(),
        }),
        other => fail(other.to_string()),
    };
    let req: Value = serde_json::from_str(request).map_err(|e| fail(format!("request: {e}")))?;
    let part = |k: &str| {
        req.get(k)
            .map(Value::to_string)
            .ok_or_else(|| fail(format!("request: `{k}` is missing")))
    };
    let framework =
        read_framework_json_str(&part("framework")?, Location::memory().column("framework"))
            .map_err(problems)?;
    let data = read_dataset_json_str(&part("data")?, Location::memory().column("data"))
        .map_err(problems)?;
    let spec = match req.get("spec") {
        Some(s) => IndexSpec::from_json(&s.to_string()).map_err(|e| fail(e.to_string()))?,
        None => IndexSpec::default(),
    };
    let result = Pipeline::new(&framework, &data, &spec)
        .and_then(|p| p.run_latest())
        .map_err(|e| fail(e.to_string()))?;
    let units: Vec<Value> = result
        .kept_units()
        .enumerate()
        .map(|(i, u)| {
            let nodes: serde_json::Map<String, Value> = result
                .codes()
                .iter()
                .map(|c| {
                    (
                        c.clone(),
                        result
                            .score(c)
                            .and_then(|s| s.get(i).copied())
                            .filter(|v| !v.is_nan())
                            .map_or(Value::Null, Value::from),
                    )
                })
                .collect();
            json!({
                "unit": u.code.as_str(),
                "score": result.root_scores().get(i).copied().filter(|v| !v.is_nan()),
                "rank": result.ranks()[i],
                "nodes": nodes,
            })
        })
        .collect();
    Ok(json!({ "period": result.period().to_string(), "units": units }))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // What a front end would send: the reference framework and its ILLUSTRATIVE data as JSON.
    let mut framework = Vec::new();
    write_framework_json(&thb_index::reference::framework()?, &mut framework)?;
    let mut data = Vec::new();
    write_dataset_json(&thb_index::reference::illustrative_dataset(), &mut data)?;
    let request = json!({
        "framework": serde_json::from_slice::<Value>(&framework)?,
        "data": serde_json::from_slice::<Value>(&data)?,
        "spec": serde_json::from_str::<Value>(&thb_index::reference::spec()?.to_json()?)?,
    });
    let answer: Value = serde_json::from_str(&score_json(&request.to_string()))?;
    let first = &answer["units"][0];
    println!(
        "period {}: {} units scored; first unit {} has rank {}",
        answer["period"],
        answer["units"].as_array().map_or(0, Vec::len),
        first["unit"],
        first["rank"]
    );

    // A broken request gets a structured error, never a panic.
    let broken = json!({"framework": {"schema": 1, "nodes": [{"code": "x", "kind": "indicator", "level": 1, "parent": "nowhere"}]}, "data": {}});
    println!("broken request -> {}", score_json(&broken.to_string()));
    Ok(())
}
