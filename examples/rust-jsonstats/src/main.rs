//! Totals per region and per product of a JSON file of orders, as JSON on stdout.
//! Usage: jsonstats <orders.json> [rounds]
//! rounds parses and totals the file that many times over (default 1), so that a run is long enough to time.
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Order {
    region: String,
    product: String,
    quantity: u32,
    price: f64,
}

#[derive(Deserialize)]
struct Orders {
    orders: Vec<Order>,
}

#[derive(Default, serde::Serialize)]
struct Total {
    orders: u64,
    quantity: u64,
    /// in cents, so that the sum does not depend on the order of additions
    revenue_cents: u64,
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap_or_else(|| {
        eprintln!("usage: jsonstats <orders.json> [rounds]");
        std::process::exit(2)
    });
    let rounds: u32 = args.next().map_or(1, |text| {
        text.parse().unwrap_or_else(|_| {
            eprintln!("rounds must be a whole number, got {text}");
            std::process::exit(2)
        })
    });
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| {
        eprintln!("{path}: {error}");
        std::process::exit(1)
    });
    let mut count = 0;
    let mut by_region: BTreeMap<String, Total> = BTreeMap::new();
    let mut by_product: BTreeMap<String, Total> = BTreeMap::new();
    for _ in 0..rounds {
        let orders: Orders = serde_json::from_str(&text).unwrap_or_else(|error| {
            eprintln!("{path}: {error}");
            std::process::exit(1)
        });
        count += orders.orders.len();
        for order in orders.orders {
            let cents = (order.price * 100.0).round() as u64 * order.quantity as u64;
            for total in [by_region.entry(order.region).or_default(), by_product.entry(order.product).or_default()] {
                total.orders += 1;
                total.quantity += order.quantity as u64;
                total.revenue_cents += cents;
            }
        }
    }
    let report = serde_json::json!({ "orders": count, "regions": by_region, "products": by_product });
    println!("{}", serde_json::to_string_pretty(&report).expect("serialised"));
}
