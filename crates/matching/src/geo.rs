//! Where places are: US ZIP centroids (see `data/SOURCE.md`), distances in miles.

use hitstaff_domain::{Location, UsState};
use std::collections::HashMap;
use std::sync::LazyLock;

const DATA: &str = include_str!("../data/us-zip-centroids.csv");

/// A point on the globe, in degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub lat: f64,
    pub lon: f64,
}

impl Point {
    /// Great-circle distance in miles.
    pub fn miles_to(self, other: Point) -> f64 {
        const EARTH_MILES: f64 = 3_958.8;
        let (la1, la2) = (self.lat.to_radians(), other.lat.to_radians());
        let dlat = la2 - la1;
        let dlon = (other.lon - self.lon).to_radians();
        let h = (dlat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlon / 2.0).sin().powi(2);
        2.0 * EARTH_MILES * h.sqrt().min(1.0).asin()
    }
}

/// The ZIP table, with a city index built from it.
#[derive(Debug)]
pub struct Places {
    zips: HashMap<u32, Point>,
    /// (state code, lower-case city) -> mean of its ZIP centroids.
    cities: HashMap<(String, String), Point>,
}

impl Places {
    /// The table compiled into this binary.
    pub fn get() -> &'static Places {
        static PLACES: LazyLock<Places> = LazyLock::new(|| Places::parse(DATA));
        &PLACES
    }

    fn parse(data: &str) -> Places {
        let mut zips = HashMap::new();
        let mut sums: HashMap<(String, String), (f64, f64, u32)> = HashMap::new();
        for line in data.lines().skip(1) {
            let mut f = line.split(',');
            let (Some(zip), Some(state), Some(city), Some(lat), Some(lon)) =
                (f.next(), f.next(), f.next(), f.next(), f.next())
            else {
                continue;
            };
            let (Ok(zip), Ok(lat), Ok(lon)) = (zip.parse::<u32>(), lat.parse::<f64>(), lon.parse::<f64>())
            else {
                continue;
            };
            zips.insert(zip, Point { lat, lon });
            let e = sums.entry((state.to_string(), city.to_lowercase())).or_default();
            e.0 += lat;
            e.1 += lon;
            e.2 += 1;
        }
        let cities = sums
            .into_iter()
            .map(|(k, (lat, lon, n))| {
                let n = f64::from(n);
                (
                    k,
                    Point {
                        lat: lat / n,
                        lon: lon / n,
                    },
                )
            })
            .collect();
        Places { zips, cities }
    }

    pub fn zip(&self, zip5: &str) -> Option<Point> {
        zip5.parse::<u32>().ok().and_then(|z| self.zips.get(&z).copied())
    }

    pub fn city(&self, city: &str, state: UsState) -> Option<Point> {
        self.cities
            .get(&(state.code().to_string(), city.trim().to_lowercase()))
            .copied()
    }

    /// A location's point: its ZIP when known, else its city.
    pub fn locate(&self, l: &Location) -> Option<Point> {
        l.postal_code
            .as_ref()
            .and_then(|z| self.zip(z.zip5()))
            .or_else(|| self.city(&l.city, l.state))
    }

    /// Miles between two locations, when both can be placed.
    pub fn miles(&self, a: &Location, b: &Location) -> Option<f64> {
        Some(self.locate(a)?.miles_to(self.locate(b)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_places_zips_and_cities() {
        let p = Places::get();
        assert!(p.zips.len() > 40_000, "{}", p.zips.len());
        let madison = p.zip("53703").expect("Madison, WI");
        assert!(
            (madison.lat - 43.07).abs() < 0.1 && (madison.lon + 89.38).abs() < 0.1,
            "{madison:?}"
        );
        let chicago = Location::parse("Chicago, IL").unwrap();
        let milwaukee = Location::parse("Milwaukee, WI").unwrap();
        let miles = p.miles(&chicago, &milwaukee).unwrap();
        assert!(
            (75.0..95.0).contains(&miles),
            "Chicago to Milwaukee is about 82 miles, not {miles}"
        );
        let austin = Location::parse("Austin, TX 78701").unwrap();
        let nowhere = Location::parse("Atlantis, TX").unwrap();
        assert!(p.miles(&austin, &nowhere).is_none());
    }
}
