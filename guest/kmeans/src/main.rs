//! K-Means as in the thesis (Appendix C). `--observations N` is the thesis's variable: the number of
//! points generated around each of the 3 expected centroids (so 3 x N points in all).
use dockerwasm_guest::{arg_usize, print_result, OutputDigest, Stopwatch};
use linfa::traits::{Fit, Predict};
use linfa::DatasetBase;
use linfa_clustering::KMeans;
use linfa_datasets::generate::blobs;
use ndarray::{array, Axis};
use rand::SeedableRng;
use rand_isaac::Isaac64Rng;
use serde_json::json;

const SEED: u64 = 42;

fn main() {
    let observations = arg_usize("observations", 1_000_000, 1, 10_000_000);
    let mut watch = Stopwatch::start();
    let mut rng = Isaac64Rng::seed_from_u64(SEED);
    let expected_centroids = array![[0., 1.], [-10., 20.], [-1., 10.]];
    let n_clusters = expected_centroids.len_of(Axis(0));

    let data = watch.phase("load", || blobs(observations, &expected_centroids, &mut rng));
    let dataset = DatasetBase::from(data);
    let model = watch.phase("fit", || {
        KMeans::params_with_rng(n_clusters, rng.clone())
            .tolerance(1e-2)
            .fit(&dataset)
            .expect("KMeans fitted")
    });
    let (assignments, closest) = watch.phase("predict", || {
        let assignments = model.predict(dataset.records());
        let new_observation = DatasetBase::from(array![[20., 20.5]]);
        let closest = model.predict(new_observation).targets()[0];
        (assignments, closest)
    });

    let mut digest = OutputDigest::new();
    assignments.iter().for_each(|label| digest.add_label(*label));
    model.centroids().iter().for_each(|value| digest.add_float(*value));
    let centroids: Vec<Vec<f64>> = model.centroids().outer_iter().map(|row| row.to_vec()).collect();
    let result = json!({
        "points": dataset.records().nrows(),
        "centroids": centroids,
        "inertia": model.inertia(),
        "closest_centroid_of_20_20.5": closest,
    });
    print_result("kmeans", observations, &watch, result, digest);
}
