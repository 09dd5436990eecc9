from csvalue.cli import main

raise SystemExit(main())
