//! Linear regression as in the thesis (Appendix D): iris with its class as an f64 target, as the code
//! does; `--dataset diabetes` runs the dataset the thesis's text names (441 x 10).
use dockerwasm_guest::{arg_text, fail, print_result, OutputDigest, Stopwatch};
use linfa::prelude::*;
use linfa_linear::LinearRegression;
use serde_json::json;

fn main() {
    let name = arg_text("dataset").unwrap_or_else(|| "iris".to_string());
    let mut watch = Stopwatch::start();
    let dataset = watch.phase("load", || match name.as_str() {
        "iris" => linfa_datasets::iris().map_targets(|class| *class as f64),
        "diabetes" => linfa_datasets::diabetes(),
        other => fail(&format!("--dataset must be iris or diabetes, got '{other}'")),
    });
    let rows = dataset.nsamples();
    let (train, valid) = dataset.split_with_ratio(0.8);
    let model = watch.phase("fit", || LinearRegression::default().fit(&train).expect("linear regression fitted"));
    let predictions = watch.phase("predict", || model.predict(&valid));
    let r2 = predictions.r2(&valid).expect("R2 computed");

    // the predictions and the model itself: its coefficients and intercept
    let mut digest = OutputDigest::new();
    predictions.iter().for_each(|value| digest.add_float(*value));
    model.params().iter().for_each(|value| digest.add_float(*value));
    digest.add_float(model.intercept());
    let result = json!({
        "dataset": name,
        "rows": rows,
        "train_rows": train.nsamples(),
        "test_rows": valid.nsamples(),
        "r2": r2,
        "intercept": model.intercept(),
    });
    print_result("linreg", rows, &watch, result, digest);
}
