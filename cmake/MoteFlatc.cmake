# mote_flatc(<out_var> <schema.fbs> <output_dir>): generate <name>_generated.h with Debian's flatc.
function(mote_flatc out_var schema out_dir)
  get_filename_component(name ${schema} NAME_WE)
  set(header ${out_dir}/${name}_generated.h)
  add_custom_command(
    OUTPUT ${header}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${out_dir}
    COMMAND ${FLATC} --cpp --scoped-enums -o ${out_dir} ${schema}
    DEPENDS ${schema}
    COMMENT "flatc ${name}.fbs"
    VERBATIM)
  set(${out_var} ${header} PARENT_SCOPE)
endfunction()
