from crawler.app.cli import main

main()
