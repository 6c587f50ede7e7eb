from obsapp import main

main()
