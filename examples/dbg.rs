fn main() {
    let path = std::env::args().nth(1).unwrap();
    let document = gongwen::read_text(&std::fs::read(&path).unwrap(), &Default::default()).unwrap();
    for r in gongwen::relations::find(&document.report) {
        println!("{:?}", r);
    }
}
